/**
 * One mail from the inbound mailbox becomes what it is: a reply on a complaint (its reporter
 * writing back), a new complaint on the `email` channel, or a recorded skip (a bounce, an
 * automatic reply). The claim of its row in `inbound_mails` is written in the same transaction as
 * the complaint or the reply, so of several instances reading the same mail one files it; the others
 * find the claim taken and roll back (decision 0023).
 */
import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Database, InboundMailTable } from '../db/schema.js';
import { PublicSubmissionSchema } from '../complaints/schema.js';
import { createComplaint } from '../complaints/submit.js';
import { AppError } from '../shared/errors.js';
import { addReporterInformation } from '../workflow/service.js';
import { FINAL_STATES, type ComplaintState } from '../workflow/state-machine.js';
import { automaticReason, headersOf, type MailHeaders } from './automatic.js';
import { complaintText, refusalNote, replyText, sortAttachments } from './compose.js';

export type ReceivedOutcome =
  | { outcome: 'complaint' | 'reply'; trackingNumber: string }
  | { outcome: 'skipped' | 'refused'; reason: string }
  /** Another instance (or an earlier poll) took this mail already. */
  | { outcome: 'taken' };

/** SHA-256 of the Message-ID, or of the whole message when it has none: one key per mail, whoever reads it. */
export function messageKeyOf(messageId: string | undefined, raw: Buffer): string {
  const id = messageId?.trim();
  const hash = crypto.createHash('sha256');
  return (id ? hash.update(`mid:${id}`) : hash.update('raw:').update(raw)).digest('hex');
}

/** Thrown inside the transaction when the mail's claim exists already: everything it wrote goes back. */
class AlreadyTaken extends Error {}

async function claim(trx: Transaction<Database>, key: string, outcome: InboundMailTable['outcome'], complaintId: number, at: string): Promise<void> {
  const row = await trx
    .insertInto('inbound_mails')
    .values({ message_key: key, outcome, reason: null, complaint_id: complaintId, received_at: at })
    .onConflict((oc) => oc.column('message_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AlreadyTaken();
}

/** Records a mail that became nothing; false when it was recorded before. */
async function recordOnly(ctx: AppContext, key: string, outcome: 'skipped' | 'refused', reason: string): Promise<boolean> {
  const result = await ctx.db.kysely
    .insertInto('inbound_mails')
    .values({ message_key: key, outcome, reason, complaint_id: null, received_at: ctx.now().toISOString() })
    .onConflict((oc) => oc.column('message_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Whether the mail was taken before: checked first so a mail seen again costs no parse of its files. */
export async function alreadyReceived(ctx: AppContext, key: string): Promise<boolean> {
  return (await ctx.db.kysely.selectFrom('inbound_mails').select('id').where('message_key', '=', key).executeTakeFirst()) !== undefined;
}

/** A mail too large to read: recorded so it is not fetched again; a person reads it in the mailbox. */
export async function refuseTooLarge(ctx: AppContext, key: string): Promise<ReceivedOutcome> {
  return (await recordOnly(ctx, key, 'refused', 'too_large')) ? { outcome: 'refused', reason: 'too_large' } : { outcome: 'taken' };
}

const SenderSchema = z.email().max(254);
const OUR_MESSAGE_ID = /^<?([A-Za-z0-9._-]+)@aduan\.outbox>?$/;
const TRACKING_NUMBER = /\bADU-\d{4}-\d{6}\b/i;

function listOf(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : v.split(/\s+/)).map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * The complaint a reply belongs to: the one whose mail it answers (In-Reply-To/References name one of
 * our Message-IDs), else the tracking number in its subject. Only when the sender is that complaint's
 * reporter and it is still open; otherwise the mail is treated as new (decision 0023).
 */
async function complaintAnswered(ctx: AppContext, mail: ParsedMail, headers: MailHeaders, sender: string): Promise<string | null> {
  // The receiving server found the sender's domain does not vouch for this From: it may not speak for a reporter.
  if (/\bdmarc=fail\b/i.test(headers.get('authentication-results') ?? '')) return null;
  const db = ctx.db.kysely;
  // messageIdFor (notifications/mailer.ts) turned the key's ':' into '.'; its keys hold no other dots.
  const keys = [mail.inReplyTo, ...listOf(mail.references)]
    .map((id) => (id ? OUR_MESSAGE_ID.exec(id.trim())?.[1]?.replace(/\./g, ':') : undefined))
    .filter((k): k is string => k !== undefined)
    .slice(0, 50);
  const candidates: number[] = [];
  if (keys.length > 0) {
    const rows = await db.selectFrom('outbox_messages').select('complaint_id').where('idempotency_key', 'in', keys).where('recipient_type', '=', 'reporter').execute();
    for (const r of rows) if (r.complaint_id !== null) candidates.push(r.complaint_id);
  }
  const numbered = TRACKING_NUMBER.exec(mail.subject ?? '')?.[0]?.toUpperCase();
  let query = db
    .selectFrom('complaints')
    .leftJoin('reporters', 'reporters.id', 'complaints.reporter_id')
    .select(['complaints.id', 'complaints.tracking_number', 'complaints.state', 'reporters.email']);
  if (candidates.length > 0) query = query.where('complaints.id', 'in', candidates);
  else if (numbered) query = query.where('complaints.tracking_number', '=', numbered);
  else return null;
  const rows = await query.orderBy('complaints.id', 'desc').execute();
  const match = rows.find((r) => r.email !== null && r.email === sender && !FINAL_STATES.includes(r.state as ComplaintState));
  return match?.tracking_number ?? null;
}

/** Reads one raw mail and files it; never throws for what a sender can put in a mail. */
export async function receiveMail(ctx: AppContext, raw: Buffer): Promise<ReceivedOutcome> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  } catch {
    // Recorded, so the mailbox's next poll does not stumble on it again; a person reads it there.
    const unreadable = messageKeyOf(undefined, raw);
    return (await recordOnly(ctx, unreadable, 'refused', 'unreadable')) ? { outcome: 'refused', reason: 'unreadable' } : { outcome: 'taken' };
  }
  const key = messageKeyOf(mail.messageId, raw);
  if (await alreadyReceived(ctx, key)) return { outcome: 'taken' };
  const address = mail.from?.value[0]?.address?.trim().toLowerCase() ?? '';
  const sender = SenderSchema.safeParse(address).success ? address : null;
  const headers = headersOf(mail.headerLines);
  const skip = automaticReason(headers, sender, mail.subject ?? '');
  const nothing = async (outcome: 'skipped' | 'refused', reason: string): Promise<ReceivedOutcome> =>
    (await recordOnly(ctx, key, outcome, reason)) ? { outcome, reason } : { outcome: 'taken' };
  if (skip) return nothing('skipped', skip);
  if (!sender) return nothing('refused', 'no_sender');

  const { files, refused } = sortAttachments(
    mail.attachments.map((a) => ({ filename: a.filename, content: a.content })),
    { maxBytes: ctx.config.attachmentMaxBytes, maxCount: ctx.config.attachmentMaxCount },
  );
  const note = refusalNote(refused);
  // mailparser turns an HTML-only mail's body into text.
  const text = mail.text ?? '';
  const at = ctx.now().toISOString();
  try {
    const replyTo = await complaintAnswered(ctx, mail, headers, sender);
    // A second try when the office acted on the complaint at the same moment (stale version).
    for (let attempt = 1; replyTo && attempt <= 2; attempt++) {
      try {
        await addReporterInformation(ctx, replyTo, replyText(text, note), files, (trx, complaintId) => claim(trx, key, 'reply', complaintId, at));
        return { outcome: 'reply', trackingNumber: replyTo };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // Closed meanwhile: filed as new below, like any other mail.
        if (error.code !== 'stale_version') break;
      }
    }
    const { subject, description } = complaintText(mail.subject, text, note);
    const displayName = mail.from?.value[0]?.name?.trim();
    const input = PublicSubmissionSchema.safeParse({
      reporter: { name: (displayName || sender).slice(0, 120), email: sender },
      subject,
      description,
      language: /^en\b/i.test(headers.get('content-language') ?? '') ? 'en' : 'id',
      consent: true,
      emailCopy: true,
    });
    if (!input.success) return nothing('refused', 'invalid');
    const { consent: _consent, homepage: _homepage, ...fields } = input.data;
    const receipt = await createComplaint(ctx, {
      input: fields,
      channel: 'email',
      // Writing to the office is not the portal's explicit consent to processing personal data.
      consent: false,
      // The office received it when it read it: the Date header is the sender's to write.
      receivedAt: ctx.now(),
      language: fields.language ?? 'id',
      actor: { type: 'system' },
      files,
      alsoInTransaction: (trx, receipt) => claim(trx, key, 'complaint', receipt.complaintId, at),
    });
    return { outcome: 'complaint', trackingNumber: receipt.trackingNumber };
  } catch (error) {
    if (error instanceof AlreadyTaken) return { outcome: 'taken' };
    if (error instanceof AppError) return nothing('refused', error.code);
    throw error;
  }
}
