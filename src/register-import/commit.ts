/**
 * Writes an import plan in ONE transaction: every planned complaint with its original dates and
 * number, its events at the original times marked `imported`, and one audit entry with counts.
 * Nothing is sent: no outbox message, no notice, no live event — the register is history.
 */
import type { Transaction } from 'kysely';
import { jakartaYear, workingDaysBetween } from '../calendar/working-time.js';
import { generateAccessCode, hashAccessCode, nextTrackingNumber } from '../complaints/tracking.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { recordAudit } from '../audit/log.js';
import { AppError } from '../shared/errors.js';
import type { StaffPrincipal } from '../shared/http.js';
import { initialClock } from '../workflow/deadlines.js';
import { recordEvent, type EventActor } from '../workflow/events.js';
import type { ImportPlan, PlannedComplaint } from './plan.js';

export interface ImportBy {
  /** The admin who imported; null from the command line without `--as`. */
  actor: Pick<StaffPrincipal, 'userId' | 'role'> | null;
  ip: string | null;
  fileName: string;
}

/** The event that moved an imported complaint into its final state. */
const FINAL_EVENT = { closed: 'close', referred: 'refer', rejected: 'reject' } as const;

export async function commitImport(ctx: AppContext, plan: ImportPlan, by: ImportBy): Promise<number> {
  const settings = await ctx.settings.get();
  const classId = settings.defaultClassId;
  const answerDays = (classId !== null ? settings.classDays.get(classId) : undefined) ?? 14;
  // Nobody here took those steps in 2024: the events are the system's, the importer is in the audit log
  // (else the complaint sheet would print the admin as signing each old step).
  const actor: EventActor = { type: 'system' };
  const now = ctx.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    for (const c of plan.complaints) await writeComplaint(trx, c, { classId, answerDays, actor, settings, nowIso: now.toISOString() });
    await recordAudit(trx, {
      action: 'complaint.register_imported',
      actor: by.actor,
      target: { type: 'import', id: by.fileName.slice(0, 120) },
      ip: by.ip,
      after: { file: by.fileName.slice(0, 200), imported: plan.complaints.length, skipped: plan.skipped.length, rows: plan.rows, years: yearsOf(plan.complaints) },
      at: now,
    });
    return plan.complaints.length;
  });
}

const yearsOf = (complaints: PlannedComplaint[]): number[] => [...new Set(complaints.map((c) => jakartaYear(c.receivedAt)))].sort();

interface WriteContext {
  classId: number | null;
  answerDays: number;
  actor: EventActor;
  settings: Awaited<ReturnType<AppContext['settings']['get']>>;
  nowIso: string;
}

async function writeComplaint(trx: Transaction<Database>, c: PlannedComplaint, w: WriteContext): Promise<void> {
  const clock = initialClock(w.settings.calendar, c.receivedAt, w.settings.deadlines, w.answerDays);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const answeredAt = iso(c.answeredAt);
  const reporter = c.reporter
    ? await trx.insertInto('reporters').values({ ...c.reporter, erased_at: null }).returning('id').executeTakeFirstOrThrow()
    : null;
  const trackingNumber = await nextTrackingNumber(trx, jakartaYear(c.receivedAt));
  const inserted = await trx
    .insertInto('complaints')
    .values({
      tracking_number: trackingNumber,
      // Nobody holds a code for it: a reporter who wants to follow it asks for a new one (decision 0017).
      access_code_hash: hashAccessCode(trackingNumber, generateAccessCode()),
      reporter_id: reporter?.id ?? null,
      is_anonymous: c.anonymous ? 1 : 0,
      is_confidential: 0,
      permit_type_id: c.permitTypeId,
      application_number: null,
      subject: c.subject,
      description: c.description,
      channel: c.channel,
      incident_date: null,
      consent_at: null,
      language: 'id',
      state: c.state,
      resume_state: null,
      class_id: w.classId,
      theme_id: c.themeId,
      received_at: clock.receivedAt,
      // No clock runs on history: no reminder, escalation or auto-close fires for an imported complaint.
      due_at: null,
      due_kind: null,
      paused_remaining_days: null,
      first_response_due_at: clock.firstResponseDueAt,
      // The book records the receipt as the office's response; whether it was in time is unknown.
      first_responded_at: clock.receivedAt,
      first_response_met: null,
      answer_due_at: clock.answerDueAt,
      answered_at: answeredAt,
      answer_met: answeredAt && clock.answerDueAt ? (answeredAt <= clock.answerDueAt ? 1 : 0) : null,
      answer_working_days: c.answeredAt ? workingDaysBetween(w.settings.calendar, c.receivedAt, c.answeredAt) : null,
      close_due_at: null,
      closed_at: iso(c.closedAt),
      duplicate_of_id: null,
      referred_to: c.state === 'referred' ? (c.followUp ?? c.remarks ?? '').slice(0, 200) || null : null,
      access_window_start: null,
      created_at: w.nowIso,
      updated_at: w.nowIso,
      original_number: c.originalNumber,
      import_key: c.importKey,
    })
    // Another import of the same row committed since the plan was read: refuse the whole import.
    .onConflict((oc) => oc.column('import_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    throw new AppError('conflict', [{ path: `row ${c.row}`, message: { id: `Baris ${c.row} baru saja diimpor oleh orang lain; ulangi uji coba.`, en: `Row ${c.row} was just imported by someone else; run the dry run again.` } }]);
  }
  const { id } = inserted;

  const mark = { imported: true, originalNumber: c.originalNumber };
  const event = (type: string, from: string | null, to: string, at: string, data: Record<string, unknown> = {}) =>
    recordEvent(trx, { complaintId: id, type, fromState: from, toState: to, actor: w.actor, at, data: { ...data, ...mark } });
  const message = (kind: 'answer' | 'note', body: string, at: string) =>
    trx
      .insertInto('complaint_messages')
      .values({ complaint_id: id, kind, author_type: 'system', author_user_id: null, is_internal: kind === 'note' ? 1 : 0, body, created_at: at })
      .execute();

  await event('registered', null, 'received', clock.receivedAt, { channel: c.channel, attachments: 0 });
  await event('acknowledge', 'received', 'acknowledged', clock.receivedAt);
  const lastAt = iso(c.closedAt) ?? answeredAt ?? clock.receivedAt;
  if (c.followUp) await message('note', `Tindak lanjut (buku pengaduan): ${c.followUp}`, lastAt);
  if (c.remarks) await message('note', `Keterangan (buku pengaduan): ${c.remarks}`, lastAt);
  let state = 'acknowledged';
  if (answeredAt) {
    if (c.answer) await message('answer', c.answer, answeredAt);
    await event('approve_answer', state, 'answered', answeredAt);
    state = 'answered';
  }
  if (c.closedAt && c.state !== 'acknowledged' && c.state !== 'answered') {
    await event(FINAL_EVENT[c.state], state, c.state, c.closedAt.toISOString());
  }
}
