import { z } from 'zod';
import { jakartaDaysUtc } from '../calendar/working-time.js';
import { flagToBoolean } from '../db/flags.js';
import type { AppContext } from '../context.js';
import { ANONYMOUS_LABEL, locationOf, type Location } from '../complaints/views.js';
import { ChannelSchema, LaporTrackingIdSchema, StateSchema, type Channel } from '../complaints/schema.js';
import { AppError } from '../shared/errors.js';
import type { ComplaintState } from '../workflow/state-machine.js';
import { CalendarDateSchema } from '../shared/dates.js';

/** A register period: Jakarta dates, both included. */
export const RegisterPeriodSchema = z.strictObject({
  from: CalendarDateSchema,
  to: CalendarDateSchema,
});

/** The period and what narrows it: LAPOR! complaints only or all but them, or one LAPOR! report. */
export const RegisterFilterSchema = RegisterPeriodSchema.extend({
  lapor: z.enum(['only', 'exclude']).optional().describe("'only': complaints from SP4N-LAPOR!; 'exclude': all but them"),
  laporId: LaporTrackingIdSchema.optional().describe("The complaint(s) registered from this LAPOR! tracking ID"),
});
export type RegisterFilter = z.output<typeof RegisterFilterSchema>;

export interface RegisterRow {
  number: number;
  trackingNumber: string;
  /** SP4N-LAPOR!'s tracking ID, for a complaint registered from LAPOR!. */
  laporTrackingId: string | null;
  /** Where it happened, as the reporter said (shown as the subject is: decision 0030). */
  location: Location | null;
  receivedAt: string;
  channel: Channel;
  reporter: string;
  permitType: string | null;
  subject: string;
  divisions: string[];
  firstResponseDueAt: string;
  firstRespondedAt: string | null;
  firstResponseMet: boolean | null;
  answerDueAt: string | null;
  answeredAt: string | null;
  answerMet: boolean | null;
  state: ComplaintState;
  /** Who handles it at the intake desk (Petugas). */
  owner: string | null;
  /** What each related division did (tindak lanjut), in the order they were disposed. */
  followUps: RegisterFollowUp[];
  closedAt: string | null;
  /** Where a complaint outside the office's remit was sent (bukan wewenang). */
  referredTo: string | null;
  /** The original a rejected duplicate points to. */
  duplicateOf: string | null;
  wasReopened: boolean;
  /** The number an old register gave an imported complaint (decision 0024). */
  originalNumber: string | null;
}

export interface RegisterFollowUp {
  division: string;
  /** Null until the division has followed up. */
  text: string | null;
  at: string | null;
  met: boolean | null;
  dueAt: string;
}

export function registerBounds(period: { from: string; to: string }): { start: string; end: string } {
  if (period.to < period.from) {
    throw new AppError('validation_failed', [{ path: 'to', message: { id: 'Tanggal akhir sebelum tanggal awal.', en: 'The end date is before the start date.' } }]);
  }
  return jakartaDaysUtc(period.from, period.to);
}

function inPeriod(ctx: AppContext, period: RegisterFilter) {
  const { start, end } = registerBounds(period);
  let q = ctx.db.kysely.selectFrom('complaints').where('complaints.received_at', '>=', start).where('complaints.received_at', '<', end);
  if (period.lapor === 'only') q = q.where('complaints.channel', '=', 'lapor');
  if (period.lapor === 'exclude') q = q.where('complaints.channel', '<>', 'lapor');
  if (period.laporId !== undefined) q = q.where('complaints.lapor_tracking_id', '=', period.laporId);
  return q;
}

export async function registerCount(ctx: AppContext, period: RegisterFilter): Promise<number> {
  const row = await inPeriod(ctx, period).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Rows of the register in order of receipt, numbered from `firstNumber`; `after` is the keyset
 * position (received_at, id) of the previous batch, so deep pages and long exports cost the same.
 */
async function registerBatch(
  ctx: AppContext,
  period: RegisterFilter,
  page: { after?: { receivedAt: string; id: number }; offset?: number; limit: number; firstNumber: number },
): Promise<{ rows: RegisterRow[]; last: { receivedAt: string; id: number } | undefined }> {
  const db = ctx.db.kysely;
  let q = inPeriod(ctx, period)
    .leftJoin('reporters', 'reporters.id', 'complaints.reporter_id')
    .leftJoin('permit_types', 'permit_types.id', 'complaints.permit_type_id')
    .leftJoin('users as owner', 'owner.id', 'complaints.owner_user_id')
    .leftJoin('complaints as original', 'original.id', 'complaints.duplicate_of_id')
    .select([
      'owner.name as owner_name', 'original.tracking_number as original_tracking_number',
      'complaints.closed_at', 'complaints.referred_to', 'complaints.was_reopened', 'complaints.original_number',
      'complaints.lapor_tracking_id', 'complaints.location_address', 'complaints.location_lat', 'complaints.location_lng',
      'complaints.id', 'complaints.tracking_number', 'complaints.received_at', 'complaints.channel', 'complaints.is_anonymous',
      'complaints.subject', 'complaints.first_response_due_at', 'complaints.first_responded_at', 'complaints.first_response_met',
      'complaints.answer_due_at', 'complaints.answered_at', 'complaints.answer_met', 'complaints.state',
      'reporters.name as reporter_name', 'permit_types.name as permit_name',
    ]);
  if (page.after) {
    const a = page.after;
    q = q.where((eb) => eb.or([eb('complaints.received_at', '>', a.receivedAt), eb.and([eb('complaints.received_at', '=', a.receivedAt), eb('complaints.id', '>', a.id)])]));
  }
  q = q.orderBy('complaints.received_at').orderBy('complaints.id').limit(page.limit);
  if (page.offset) q = q.offset(page.offset);
  const rows = await q.execute();
  const ids = rows.map((r) => r.id);
  const divisions = ids.length
    ? await db
        .selectFrom('dispositions')
        .innerJoin('divisions', 'divisions.id', 'dispositions.division_id')
        .select(['dispositions.complaint_id', 'divisions.name', 'dispositions.follow_up', 'dispositions.followed_up_at', 'dispositions.follow_up_met', 'dispositions.due_at'])
        .where('dispositions.complaint_id', 'in', ids)
        .orderBy('dispositions.id')
        .execute()
    : [];
  const byComplaint = new Map<number, Set<string>>();
  const followUps = new Map<number, RegisterFollowUp[]>();
  for (const d of divisions) {
    const set = byComplaint.get(d.complaint_id) ?? new Set<string>();
    set.add(d.name);
    byComplaint.set(d.complaint_id, set);
    const list = followUps.get(d.complaint_id) ?? [];
    list.push({ division: d.name, text: d.follow_up, at: d.followed_up_at, met: flagToBoolean(d.follow_up_met), dueAt: d.due_at });
    followUps.set(d.complaint_id, list);
  }
  const last = rows[rows.length - 1];
  return {
    rows: rows.map((r, i) => ({
      number: page.firstNumber + i,
      trackingNumber: r.tracking_number,
      laporTrackingId: r.lapor_tracking_id,
      location: locationOf(r),
      receivedAt: r.received_at,
      channel: ChannelSchema.parse(r.channel),
      // The register is read beyond the intake desk, so anonymous reporters stay masked here.
      reporter: r.is_anonymous === 1 ? ANONYMOUS_LABEL : (r.reporter_name ?? ANONYMOUS_LABEL),
      permitType: r.permit_name,
      subject: r.subject,
      divisions: [...(byComplaint.get(r.id) ?? [])],
      firstResponseDueAt: r.first_response_due_at,
      firstRespondedAt: r.first_responded_at,
      firstResponseMet: flagToBoolean(r.first_response_met),
      answerDueAt: r.answer_due_at,
      answeredAt: r.answered_at,
      answerMet: flagToBoolean(r.answer_met),
      state: StateSchema.parse(r.state),
      owner: r.owner_name,
      followUps: followUps.get(r.id) ?? [],
      closedAt: r.closed_at,
      referredTo: r.referred_to,
      duplicateOf: r.original_tracking_number,
      wasReopened: r.was_reopened === 1,
      originalNumber: r.original_number,
    })),
    last: last ? { receivedAt: last.received_at, id: last.id } : undefined,
  };
}

/** One page of the register (the JSON view). */
export async function registerPage(ctx: AppContext, period: RegisterFilter, page: number, pageSize: number): Promise<{ items: RegisterRow[]; total: number }> {
  const offset = (page - 1) * pageSize;
  const [batch, total] = await Promise.all([registerBatch(ctx, period, { offset, limit: pageSize, firstNumber: offset + 1 }), registerCount(ctx, period)]);
  return { items: batch.rows, total };
}

/** The whole register of a period, batch by batch, so an export's memory does not grow with the row count. */
export async function* registerBatches(ctx: AppContext, period: RegisterFilter, batchSize = 2000): AsyncGenerator<RegisterRow[]> {
  let after: { receivedAt: string; id: number } | undefined;
  let next = 1;
  for (;;) {
    const batch = await registerBatch(ctx, period, { ...(after ? { after } : {}), limit: batchSize, firstNumber: next });
    if (batch.rows.length === 0) return;
    yield batch.rows;
    next += batch.rows.length;
    if (batch.rows.length < batchSize || !batch.last) return;
    after = batch.last;
  }
}
