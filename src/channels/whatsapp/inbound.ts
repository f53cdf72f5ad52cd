/**
 * What happens to each message a number sends us on WhatsApp. Every message is handled once: its
 * `wamid` is written in the same transaction as what it caused (the reply, the complaint, the next
 * step of the conversation), so a delivery Meta repeats — even two at once — changes nothing more.
 * A number whose reporter the office asked for a clarification answers it; any other message
 * starts or continues the guided exchange (conversation.ts). Nothing here logs a text or a number.
 */
import type { Transaction } from 'kysely';
import type { Config } from '../../config.js';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { discardFiles, storeFiles, type IncomingFile, type StoredFile } from '../../complaints/attachments.js';
import { createComplaint } from '../../complaints/submit.js';
import { enqueueMessages } from '../../notifications/outbox.js';
import { toInternationalDigits } from '../../notifications/phone-numbers.js';
import { STATE_LABELS } from '../../reports/labels.js';
import { AppError } from '../../shared/errors.js';
import { fileStoreFor } from '../../storage/file-store.js';
import type { ComplaintState } from '../../workflow/state-machine.js';
import { applyReporterAction } from '../../workflow/service.js';
import {
  converse,
  filedLine,
  IDLE_LIMIT_MS,
  MEDIA_LINES,
  replyReceivedLine,
  statusLine,
  statusRequestOf,
  subjectOf,
  type ChatLanguage,
  type ConversationInput,
  type ConversationState,
  type PermitChoice,
} from './conversation.js';
import { fetchMedia } from './media.js';
import type { InboundMessage } from './payload.js';

type Trx = Transaction<Database>;
type WhatsAppConfig = NonNullable<Config['whatsapp']>;

export type InboundOutcome = 'duplicate' | 'clarification_reply' | 'status' | 'conversation' | 'filed' | 'refused_media' | 'unsupported';

/** A message whose handling another delivery of the same `wamid` finished first. */
class AlreadyHandled extends Error {}

/** What one message's transaction writes besides its own effect: the handled mark, the 24-hour window, the lines. */
async function commonWrites(trx: Trx, message: InboundMessage, at: string, lines: { texts: string[]; language: ChatLanguage; complaintId: number | null }): Promise<void> {
  const claimed = await trx.insertInto('whatsapp_inbound').values({ wamid: message.wamid, received_at: at }).onConflict((oc) => oc.column('wamid').doNothing()).executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) === 0) throw new AlreadyHandled();
  await trx
    .insertInto('channel_contacts')
    .values({ channel: 'whatsapp', address: message.from, last_inbound_at: at })
    .onConflict((oc) => oc.columns(['channel', 'address']).doUpdateSet({ last_inbound_at: at }))
    .execute();
  await enqueueMessages(
    trx,
    lines.texts.map((text, i) => ({
      key: `whatsapp:${message.wamid}:${i}`,
      complaintId: lines.complaintId,
      recipient: { type: 'reporter', channel: 'whatsapp', phone: message.from },
      language: lines.language,
      data: { kind: 'chat_reply', text },
    })),
    at,
  );
}

async function loadConversation(ctx: AppContext, phone: string): Promise<{ state: ConversationState; profileName: string | null } | null> {
  const row = await ctx.db.kysely.selectFrom('whatsapp_conversations').selectAll().where('phone', '=', phone).executeTakeFirst();
  if (!row) return null;
  return { state: { step: row.step, language: row.language, permitTypeId: row.permit_type_id, description: row.description, updatedAt: new Date(row.updated_at).toISOString() }, profileName: row.profile_name };
}

async function saveConversation(trx: Trx, phone: string, profileName: string | null, state: ConversationState | null): Promise<void> {
  if (state === null) {
    await trx.deleteFrom('whatsapp_conversations').where('phone', '=', phone).execute();
    return;
  }
  const values = { step: state.step, language: state.language, permit_type_id: state.permitTypeId, description: state.description, profile_name: profileName, updated_at: state.updatedAt };
  await trx
    .insertInto('whatsapp_conversations')
    .values({ phone, ...values })
    .onConflict((oc) => oc.column('phone').doUpdateSet(values))
    .execute();
}

/** The permit types in the portal's order: the numbers of the list. */
async function permitChoices(ctx: AppContext): Promise<PermitChoice[]> {
  return ctx.db.kysely.selectFrom('permit_types').select(['id', 'name']).where('active', '=', 1).orderBy('category').orderBy('name').execute();
}

/**
 * The complaint of this number waiting for its reporter's clarification, the latest first. Numbers
 * are stored as people typed them (0812-…, +62 812…), so the few complaints in clarification are
 * compared in international digits here rather than in SQL.
 */
async function awaitingClarification(ctx: AppContext, phone: string): Promise<{ trackingNumber: string; language: ChatLanguage } | null> {
  const rows = await ctx.db.kysely
    .selectFrom('complaints')
    .innerJoin('reporters', 'reporters.id', 'complaints.reporter_id')
    .select(['complaints.tracking_number', 'complaints.language', 'reporters.phone'])
    .where('complaints.state', '=', 'clarification')
    .where('reporters.phone', 'is not', null)
    .where('reporters.erased_at', 'is', null)
    .orderBy('complaints.updated_at', 'desc')
    .execute();
  const row = rows.find((r) => r.phone !== null && toInternationalDigits(r.phone) === phone);
  return row ? { trackingNumber: row.tracking_number, language: row.language === 'en' ? 'en' : 'id' } : null;
}

/** The state of a complaint filed from this number; null when there is none (strangers learn nothing). */
async function stateOfOwnComplaint(ctx: AppContext, phone: string, trackingNumber: string): Promise<string | null> {
  const row = await ctx.db.kysely
    .selectFrom('complaints')
    .innerJoin('reporters', 'reporters.id', 'complaints.reporter_id')
    .select(['complaints.state', 'reporters.phone'])
    .where('complaints.tracking_number', '=', trackingNumber)
    .where('reporters.erased_at', 'is', null)
    .executeTakeFirst();
  if (!row?.phone || toInternationalDigits(row.phone) !== phone) return null;
  return STATE_LABELS[row.state as ComplaintState] ?? row.state;
}

type MediaCheck = { ok: true; file: IncomingFile } | { ok: false; line: { id: string; en: string } };

/** Fetches a photo or document and checks it as the portal does (size, then type by its bytes). */
async function fetchChecked(ctx: AppContext, config: WhatsAppConfig, content: Extract<InboundMessage['content'], { kind: 'media' }>): Promise<MediaCheck> {
  const fetched = await fetchMedia(config, content.mediaId, ctx.config.attachmentMaxBytes);
  if (!fetched.ok) return { ok: false, line: fetched.reason === 'too_large' ? MEDIA_LINES.refusedSize : MEDIA_LINES.unavailable };
  const fallback = content.media === 'document' ? 'dokumen' : content.media === 'image' ? 'foto-whatsapp' : 'rekaman';
  return { ok: true, file: { filename: content.filename ?? fallback, data: fetched.data } };
}

/** Stores a checked file with the portal's rules; a refusal becomes the polite line. */
async function storeChecked(ctx: AppContext, file: IncomingFile): Promise<{ ok: true; stored: StoredFile } | { ok: false; line: { id: string; en: string } }> {
  try {
    const [stored] = await storeFiles(fileStoreFor(ctx.config), [file], { maxBytes: ctx.config.attachmentMaxBytes, maxCount: 1 });
    if (!stored) throw new Error('storeFiles returned nothing for one file');
    return { ok: true, stored };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, line: error.code === 'payload_too_large' ? MEDIA_LINES.refusedSize : MEDIA_LINES.refusedType };
    throw error;
  }
}

/** Handles one incoming message; the outcome is for counting, never logged with its content. */
export async function handleInboundMessage(ctx: AppContext, config: WhatsAppConfig, message: InboundMessage): Promise<InboundOutcome> {
  const seen = await ctx.db.kysely.selectFrom('whatsapp_inbound').select('wamid').where('wamid', '=', message.wamid).executeTakeFirst();
  if (seen) return 'duplicate';
  try {
    return await route(ctx, config, message);
  } catch (error) {
    if (error instanceof AlreadyHandled) return 'duplicate';
    throw error;
  }
}

async function route(ctx: AppContext, config: WhatsAppConfig, message: InboundMessage): Promise<InboundOutcome> {
  const now = ctx.now();
  const at = now.toISOString();
  const db = ctx.db.kysely;
  const only = (texts: string[], language: ChatLanguage, complaintId: number | null = null) => db.transaction().execute((trx) => commonWrites(trx, message, at, { texts, language, complaintId }));
  const saved = await loadConversation(ctx, message.from);
  const conversation = saved && now.getTime() - Date.parse(saved.state.updatedAt) <= IDLE_LIMIT_MS ? saved.state : null;
  const { content } = message;

  // The office is waiting for this reporter's answer, and no new complaint is being filed meanwhile.
  const clarification = conversation ? null : await awaitingClarification(ctx, message.from);
  if (clarification) {
    const { language, trackingNumber } = clarification;
    if (content.kind === 'unsupported') return only([MEDIA_LINES.notSupported[language]], language).then(() => 'unsupported');
    let files: IncomingFile[] = [];
    const extra: string[] = [];
    if (content.kind === 'media') {
      const checked = await fetchChecked(ctx, config, content);
      if (checked.ok) files = [checked.file];
      else extra.push(checked.line[language]);
    }
    const text = content.kind === 'text' ? content.text.trim() : content.kind === 'choice' ? content.title.trim() : (content.caption?.trim() ?? '');
    if (!text && files.length === 0) return only(extra, language).then(() => 'refused_media');
    const body = (text || (language === 'en' ? '[Attachment sent on WhatsApp]' : '[Lampiran dikirim melalui WhatsApp]')).slice(0, 5000);
    try {
      await applyReporterAction(ctx, trackingNumber, 'reporter_reply', body, files, (trx, complaintId) =>
        commonWrites(trx, message, at, { texts: [...extra, replyReceivedLine(language, trackingNumber)], language, complaintId }),
      );
      return 'clarification_reply';
    } catch (error) {
      // The file was refused by its bytes: the reply goes in without it, and the person is told.
      if (!(error instanceof AppError) || files.length === 0 || !['attachment_rejected', 'payload_too_large'].includes(error.code)) throw error;
      await applyReporterAction(ctx, trackingNumber, 'reporter_reply', body, [], (trx, complaintId) =>
        commonWrites(trx, message, at, { texts: [MEDIA_LINES.refusedType[language], replyReceivedLine(language, trackingNumber)], language, complaintId }),
      );
      return 'clarification_reply';
    }
  }

  const language: ChatLanguage = conversation?.language ?? 'id';
  if (content.kind === 'unsupported') return only([MEDIA_LINES.notSupported[language]], language).then(() => 'unsupported');
  const asked = statusRequestOf(content.kind === 'text' ? content : { kind: 'media' });
  if (asked) {
    await only([statusLine(language, asked, await stateOfOwnComplaint(ctx, message.from, asked))], language);
    return 'status';
  }

  let held: StoredFile | null = null;
  if (content.kind === 'media') {
    const heldCount = await db.selectFrom('whatsapp_held_files').select((eb) => eb.fn.countAll<string>().as('n')).where('phone', '=', message.from).executeTakeFirstOrThrow();
    // An expired exchange's files are forgotten below: they do not count.
    if (conversation && Number(heldCount.n) >= ctx.config.attachmentMaxCount) return only([MEDIA_LINES.tooMany[language]], language).then(() => 'refused_media');
    const checked = await fetchChecked(ctx, config, content);
    const stored = checked.ok ? await storeChecked(ctx, checked.file) : checked;
    if (!stored.ok) return only([stored.line[language]], language).then(() => 'refused_media');
    held = stored.stored;
  }
  const input: ConversationInput = content.kind === 'media' ? { kind: 'media', caption: content.caption } : content;
  // An expired exchange restarts in converse(); what it held is forgotten first.
  const outcome = converse(saved?.state ?? null, input, now, await permitChoices(ctx));
  const expired = saved !== null && conversation === null;

  if (outcome.file) {
    const request = outcome.file;
    const heldRows = await db.selectFrom('whatsapp_held_files').selectAll().where('phone', '=', message.from).orderBy('created_at').execute();
    const heldFiles: StoredFile[] = heldRows.map((r) => ({ storedName: r.stored_name, originalName: r.original_name, mimeType: r.mime_type, sizeBytes: r.size_bytes, sha256: r.sha256 }));
    const profileName = message.profileName ?? saved?.profileName ?? null;
    await createComplaint(ctx, {
      input: {
        reporter: { name: (profileName ?? (request.language === 'en' ? 'WhatsApp reporter' : 'Pelapor WhatsApp')).slice(0, 120), email: undefined, phone: `+${message.from}`, address: undefined },
        anonymous: false,
        confidential: false,
        permitTypeId: request.permitTypeId,
        applicationNumber: undefined,
        subject: subjectOf(request.description),
        description: request.description,
        incidentDate: undefined,
        language: request.language,
        // The receipt with the access code goes to the reporter's channel: there is no other way to give it.
        emailCopy: true,
      },
      channel: 'whatsapp',
      consent: true,
      receivedAt: now,
      language: request.language,
      actor: { type: 'reporter' },
      files: [],
      heldFiles,
      alsoInTransaction: async (trx, receipt) => {
        await commonWrites(trx, message, at, { texts: [...outcome.replies, filedLine(request.language, receipt.trackingNumber)], language: request.language, complaintId: receipt.complaintId });
        // Whoever wrote on WhatsApp hears back on WhatsApp.
        if (receipt.reporterId !== null) await trx.updateTable('reporters').set({ preferred_channel: 'whatsapp' }).where('id', '=', receipt.reporterId).execute();
        await saveConversation(trx, message.from, null, null);
        await trx.deleteFrom('whatsapp_held_files').where('phone', '=', message.from).execute();
      },
    });
    return 'filed';
  }

  try {
    await db.transaction().execute(async (trx) => {
      await commonWrites(trx, message, at, { texts: outcome.replies, language: outcome.state?.language ?? language, complaintId: null });
      await saveConversation(trx, message.from, message.profileName ?? saved?.profileName ?? null, outcome.state);
      if (expired || outcome.state === null) await forgetHeldFiles(trx, message.from);
      if (held) {
        await trx
          .insertInto('whatsapp_held_files')
          .values({ stored_name: held.storedName, phone: message.from, original_name: held.originalName, mime_type: held.mimeType, size_bytes: held.sizeBytes, sha256: held.sha256, created_at: at })
          .execute();
      }
    });
  } catch (error) {
    if (held) await discardFiles(fileStoreFor(ctx.config), [held]);
    throw error;
  }
  return 'conversation';
}

/**
 * A cancelled, refused or expired exchange keeps nothing the person sent: the held files' rows go,
 * and the files with the sweep of leftovers (storage/sweep.ts).
 */
async function forgetHeldFiles(trx: Trx, phone: string): Promise<void> {
  await trx.deleteFrom('whatsapp_held_files').where('phone', '=', phone).execute();
}
