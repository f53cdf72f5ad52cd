import type { Transaction } from 'kysely';
import { jakartaYear } from '../calendar/working-time.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError, type FieldError } from '../shared/errors.js';
import { answerDaysFor, deadlineSettingsFor, initialClock } from '../workflow/deadlines.js';
import { recordEvent, type EventActor } from '../workflow/events.js';
import { liveTransaction } from '../live/bus.js';
import { announceComplaintChange } from '../live/complaint-events.js';
import { configuredPhoneChannels, enqueueComplaintNotifications, type PhoneChannel } from '../notifications/outbox.js';
import { toInternationalDigits } from '../notifications/phone-numbers.js';
import { recordAttachments, withStoredFiles, type IncomingFile, type StoredFile } from './attachments.js';
import { fileStoreFor } from '../storage/file-store.js';
import type { Channel, PublicSubmission, StaffRegistration } from './schema.js';
import { claimSubmissionKey, keepReceipt } from './submission-keys.js';
import { generateAccessCode, hashAccessCode, nextTrackingNumber } from './tracking.js';

export interface NewComplaint {
  input: Omit<PublicSubmission, 'consent' | 'homepage'> | Omit<StaffRegistration, 'channel' | 'consent' | 'receivedAt' | 'laporTrackingId'>;
  channel: Channel;
  /** SP4N-LAPOR!'s tracking ID: required for channel `lapor`, refused for any other. */
  laporTrackingId?: string | null;
  consent: boolean;
  receivedAt: Date;
  language: 'id' | 'en';
  actor: EventActor;
  files: IncomingFile[];
  /** The portal's Idempotency-Key: a second send with it files nothing (submission-keys.ts). */
  submissionKey?: string | undefined;
  /** Files already checked and in the store (a WhatsApp conversation held them), attached with `files`. */
  heldFiles?: StoredFile[] | undefined;
  /** More writes of the caller that stand or fall with the complaint (an inbound mail's claim, a WhatsApp conversation's lines), run once it has its id and receipt. */
  alsoInTransaction?: ((trx: Transaction<Database>, receipt: { complaintId: number; trackingNumber: string; reporterId: number | null }) => Promise<void>) | undefined;
  /** Where it happened, when the caller knows (Open311 gives lat/long or an address). */
  location?: { address: string | null; lat: number | null; lng: number | null } | undefined;
}

export interface Receipt {
  trackingNumber: string;
  accessCode: string;
  state: 'received';
  subject: string;
  receivedAt: string;
  firstResponseDueAt: string;
}

const CHANNEL_NAMES = { email: 'email', whatsapp: 'WhatsApp', sms: 'SMS' } as const;

/** The way back the reporter chose must be one we can use, with the contact it needs. */
function channelRules(input: NewComplaint['input'], phoneChannels: readonly PhoneChannel[]): FieldError[] {
  const { email, phone, preferredChannel } = input.reporter;
  const errors: FieldError[] = [];
  if (phone && !toInternationalDigits(phone)) {
    errors.push({ path: 'reporter.phone', message: { id: 'Nomor telepon tidak valid: tulis 8–15 angka, contoh 0812 3456 7890 atau +62 812 3456 7890.', en: 'Invalid phone number: write 8–15 digits, e.g. 0812 3456 7890 or +62 812 3456 7890.' } });
  }
  if (preferredChannel === 'email' && !email) errors.push({ path: 'reporter.email', message: { id: 'Isi email untuk menerima kabar lewat email.', en: 'Give an email to hear from us by email.' } });
  if (preferredChannel === 'whatsapp' || preferredChannel === 'sms') {
    const name = CHANNEL_NAMES[preferredChannel];
    if (!phoneChannels.includes(preferredChannel)) {
      errors.push({ path: 'reporter.preferredChannel', message: { id: `Kantor ini belum dapat mengirim kabar lewat ${name}; pilih saluran lain.`, en: `This office cannot send news by ${name} yet; choose another way.` } });
    } else if (!phone) {
      errors.push({ path: 'reporter.phone', message: { id: `Isi nomor telepon untuk menerima kabar lewat ${name}.`, en: `Give a phone number to hear from us by ${name}.` } });
    }
  }
  return errors;
}

/**
 * The channel written on the reporter: their choice, or for a phone-only reporter the office's
 * first phone channel (WhatsApp, else SMS), so they hear from us at all; null means e-mail as before.
 */
function chosenChannel(reporter: NewComplaint['input']['reporter'], phoneChannels: readonly PhoneChannel[]): 'email' | PhoneChannel | null {
  if (reporter.preferredChannel) return reporter.preferredChannel;
  if (!reporter.email && reporter.phone) return phoneChannels[0] ?? null;
  return null;
}

/** Cross-field rules Zod's shape cannot say: who must leave a way to be reached. */
function contactRules(input: NewComplaint['input']): FieldError[] {
  const { name, email, phone } = input.reporter;
  if (input.anonymous) return [];
  const errors: FieldError[] = [];
  if (!name) errors.push({ path: 'reporter.name', message: { id: 'Nama wajib diisi, atau pilih anonim.', en: 'Name is required, or choose anonymous.' } });
  if (!email && !phone) {
    errors.push({ path: 'reporter.email', message: { id: 'Isi email atau nomor telepon/WhatsApp.', en: 'Give an email or a phone/WhatsApp number.' } });
  }
  return errors;
}

function laporRules(complaint: NewComplaint): FieldError[] {
  const id = complaint.laporTrackingId ?? null;
  if (complaint.channel === 'lapor' && id === null) {
    return [{ path: 'laporTrackingId', message: { id: 'ID pelacakan LAPOR! wajib untuk pengaduan dari SP4N-LAPOR!.', en: 'A complaint from SP4N-LAPOR! needs its LAPOR! tracking ID.' } }];
  }
  if (complaint.channel !== 'lapor' && id !== null) {
    return [{ path: 'laporTrackingId', message: { id: 'Hanya untuk pengaduan dari SP4N-LAPOR!.', en: 'Only for a complaint from SP4N-LAPOR!.' } }];
  }
  return [];
}

/** One open complaint per LAPOR! report: a second registration of it is a mistake to show, not a new complaint. */
async function assertLaporIdFree(trx: Transaction<Database>, laporTrackingId: string): Promise<void> {
  const open = await trx
    .selectFrom('complaints')
    .select('tracking_number')
    .where('lapor_tracking_id', '=', laporTrackingId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  if (open) {
    throw new AppError(
      'conflict',
      [{ path: 'laporTrackingId', message: { id: `Laporan LAPOR! ini sudah terdaftar sebagai ${open.tracking_number}.`, en: `This LAPOR! report is already registered as ${open.tracking_number}.` } }],
      { trackingNumber: open.tracking_number },
    );
  }
}

export async function createComplaint(ctx: AppContext, complaint: NewComplaint): Promise<Receipt> {
  const { input } = complaint;
  const phoneChannels = configuredPhoneChannels(ctx.config);
  const problems = [...contactRules(input), ...channelRules(input, phoneChannels), ...laporRules(complaint)];
  if (problems.length) throw new AppError('validation_failed', problems);
  const settings = await ctx.settings.get();
  const db = ctx.db.kysely;
  if (input.permitTypeId !== null) {
    const permit = await db.selectFrom('permit_types').select('id').where('id', '=', input.permitTypeId).where('active', '=', 1).executeTakeFirst();
    if (!permit) {
      throw new AppError('validation_failed', [{ path: 'permitTypeId', message: { id: 'Jenis izin tidak dikenal.', en: 'Unknown permit type.' } }]);
    }
  }
  const classId = settings.defaultClassId;
  const answerDays = answerDaysFor(complaint.channel, (classId !== null ? settings.classDays.get(classId) : undefined) ?? 14);
  const clock = initialClock(settings.calendar, complaint.receivedAt, deadlineSettingsFor(complaint.channel, settings.deadlines), answerDays);
  const accessCode = generateAccessCode();
  const now = ctx.now().toISOString();
  const limits = { maxBytes: ctx.config.attachmentMaxBytes, maxCount: ctx.config.attachmentMaxCount };

  return withStoredFiles(fileStoreFor(ctx.config), complaint.files, limits, (fresh) =>
    liveTransaction(ctx, async (trx) => {
      const stored = [...(complaint.heldFiles ?? []), ...fresh];
      if (complaint.submissionKey) await claimSubmissionKey(trx, complaint.submissionKey, ctx.now());
      if (complaint.laporTrackingId) await assertLaporIdFree(trx, complaint.laporTrackingId);
      const { name, email, phone, address } = input.reporter;
      const hasIdentity = Boolean(name || email || phone || address);
      const reporter = hasIdentity
        ? await trx
            .insertInto('reporters')
            .values({ name: name ?? null, email: email ?? null, phone: phone ?? null, address: address ?? null, erased_at: null, preferred_channel: chosenChannel(input.reporter, phoneChannels) })
            .returning('id')
            .executeTakeFirstOrThrow()
        : null;
      const trackingNumber = await nextTrackingNumber(trx, jakartaYear(complaint.receivedAt));
      const { id } = await trx
        .insertInto('complaints')
        .values({
          tracking_number: trackingNumber,
          access_code_hash: hashAccessCode(trackingNumber, accessCode),
          reporter_id: reporter?.id ?? null,
          is_anonymous: input.anonymous ? 1 : 0,
          is_confidential: input.confidential ? 1 : 0,
          permit_type_id: input.permitTypeId,
          application_number: input.applicationNumber ?? null,
          subject: input.subject,
          description: input.description,
          channel: complaint.channel,
          incident_date: input.incidentDate ?? null,
          consent_at: complaint.consent ? now : null,
          language: complaint.language,
          state: 'received',
          resume_state: null,
          class_id: classId,
          theme_id: null,
          received_at: clock.receivedAt,
          due_at: clock.dueAt,
          due_kind: clock.dueKind,
          paused_remaining_days: null,
          first_response_due_at: clock.firstResponseDueAt,
          first_responded_at: null,
          first_response_met: null,
          answer_due_at: clock.answerDueAt,
          answered_at: null,
          answer_met: null,
          close_due_at: null,
          closed_at: null,
          duplicate_of_id: null,
          lapor_tracking_id: complaint.laporTrackingId ?? null,
          location_address: input.location?.address ?? null,
          location_lat: input.location?.lat ?? null,
          location_lng: input.location?.lng ?? null,
          referred_to: null,
          access_window_start: null,
          ...(complaint.location ? { location_address: complaint.location.address, location_lat: complaint.location.lat, location_lng: complaint.location.lng } : {}),
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAttachments(trx, id, null, stored, complaint.actor.type === 'staff' ? 'staff' : 'reporter', now);
      await recordEvent(trx, {
        complaintId: id,
        type: complaint.channel === 'web' ? 'submitted' : 'registered',
        fromState: null,
        toState: 'received',
        actor: complaint.actor,
        at: now,
        data: { channel: complaint.channel, attachments: stored.length },
      });
      await announceComplaintChange(trx, { complaintId: id, trackingNumber, version: 1, state: 'received', action: complaint.channel === 'web' ? 'submitted' : 'registered', actor: complaint.actor, at: now, newComplaint: true });
      // The receipt carries the access code only if the reporter asked for the copy (by mail, or by choosing
      // WhatsApp or SMS on the form): it exists in clear only now.
      const emailCopy = 'emailCopy' in input && input.emailCopy === true;
      const phoneCopy = complaint.channel === 'web' && (input.reporter.preferredChannel === 'whatsapp' || input.reporter.preferredChannel === 'sms');
      await enqueueComplaintNotifications(trx, { complaintId: id, event: complaint.channel === 'web' ? 'submitted' : 'registered', at: now, version: 1, accessCode: emailCopy || phoneCopy ? accessCode : null });
      if (complaint.alsoInTransaction) await complaint.alsoInTransaction(trx, { complaintId: id, trackingNumber, reporterId: reporter?.id ?? null });
      const receipt = { trackingNumber, accessCode, subject: input.subject, receivedAt: clock.receivedAt, firstResponseDueAt: clock.firstResponseDueAt };
      if (complaint.submissionKey) await keepReceipt(trx, complaint.submissionKey, receipt);
      return { ...receipt, state: 'received' as const };
    }),
  );
}
