import type { Selectable, Transaction } from 'kysely';
import { booleanToFlag, flagToBoolean } from '../db/flags.js';
import type { AppContext } from '../context.js';
import type { ComplaintTable, Database } from '../db/schema.js';
import { AppError, parseOrThrow, type Language } from '../shared/errors.js';
import type { StaffPrincipal } from '../shared/http.js';
import { recordAttachments, withStoredFiles, type IncomingFile, type StoredFile } from '../complaints/attachments.js';
import { fileStoreFor } from '../storage/file-store.js';
import { hasUnfilledGap, STAFF_ACTION_INPUTS, type StaffActionInput } from './action-inputs.js';
import { advanceClock, answerDaysFor as classAnswerDays, deadlineSettingsFor, followUpDue, type ComplaintClock, type DueKind } from './deadlines.js';
import { disposedDue } from './follow-up-due.js';
import { recordEvent, type EventActor } from './events.js';
import { enqueueComplaintNotifications } from '../notifications/outbox.js';
import { recordHandOff } from '../team/handoffs.js';
import { decide, FINAL_STATES, type ActionName, type Actor, type ComplaintState, type StaffAction } from './state-machine.js';
import type { OfficeSettings } from '../settings/office-settings.js';
import { liveTransaction } from '../live/bus.js';
import { publishInTransaction } from '../publications/service.js';
import { actorNameOf, announceComplaintChange } from '../live/complaint-events.js';

type ComplaintRow = Selectable<ComplaintTable>;
type Trx = Transaction<Database>;

export interface ActionResult {
  trackingNumber: string;
  state: ComplaintState;
  version: number;
  dueAt: string | null;
  dueKind: DueKind | null;
}

function clockOf(row: ComplaintRow): ComplaintClock {
  return {
    receivedAt: row.received_at,
    firstResponseDueAt: row.first_response_due_at,
    firstRespondedAt: row.first_responded_at,
    firstResponseMet: flagToBoolean(row.first_response_met),
    answerDueAt: row.answer_due_at,
    answeredAt: row.answered_at,
    answerMet: flagToBoolean(row.answer_met),
    answerWorkingDays: row.answer_working_days,
    closeDueAt: row.close_due_at,
    closedAt: row.closed_at,
    dueAt: row.due_at,
    dueKind: row.due_kind as DueKind | null,
    pausedRemainingDays: row.paused_remaining_days,
  };
}


/** Complaints a division officer may see: those disposed to their division. */
export async function assertVisibleTo(trx: Trx | AppContext['db']['kysely'], complaintId: number, principal: StaffPrincipal): Promise<void> {
  if (principal.role !== 'division_officer') return;
  const disposition = await trx
    .selectFrom('dispositions')
    .select('id')
    .where('complaint_id', '=', complaintId)
    .where('division_id', '=', principal.divisionId ?? -1)
    .executeTakeFirst();
  if (!disposition) throw new AppError('not_found');
}

async function loadComplaint(trx: Trx, trackingNumber: string): Promise<ComplaintRow> {
  const row = await trx.selectFrom('complaints').selectAll().where('tracking_number', '=', trackingNumber).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

/**
 * The 409 for an action on an old version, saying who did what last and when, so the page can
 * tell the user ("Sudah ditanggapi oleh Rina Kusuma, 13.04 WIB") and show the new state.
 */
async function staleVersion(trx: Trx, row: ComplaintRow): Promise<AppError> {
  const last = await trx
    .selectFrom('complaint_events')
    .select(['type', 'at', 'actor_type', 'actor_user_id'])
    .where('complaint_id', '=', row.id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const lastEvent = last
    ? { action: last.type, at: last.at, actorType: last.actor_type, actorName: await actorNameOf(trx, { type: last.actor_type, userId: last.actor_user_id }) }
    : null;
  return new AppError('stale_version', undefined, { state: row.state, version: row.version, lastEvent });
}

/** The version the caller saw, if the input says. */
function seenVersion(rawInput: unknown): number | undefined {
  const version = rawInput !== null && typeof rawInput === 'object' ? (rawInput as { version?: unknown }).version : undefined;
  return typeof version === 'number' ? version : undefined;
}

/** The class's working days to answer, within LAPOR!'s limit for a LAPOR! complaint. */
function answerDaysFor(settings: OfficeSettings, row: ComplaintRow, classId: number | null): number {
  return classAnswerDays(row.channel, (classId !== null ? settings.classDays.get(classId) : undefined) ?? 14);
}

interface Transition {
  row: ComplaintRow;
  action: ActionName;
  actor: Actor;
  eventActor: EventActor;
  expectedVersion: number;
  openDispositionsAfter?: number;
  newClassId?: number | null;
  /** Column changes beside state and clock (classification, referral, duplicate link). */
  changes?: Partial<Pick<ComplaintRow, 'class_id' | 'theme_id' | 'permit_type_id' | 'is_confidential' | 'referred_to' | 'duplicate_of_id'>>;
  data?: Record<string, unknown>;
}

/** Decide, move the clock, write the complaint with its version guard, and log the event. */
async function commitTransition(trx: Trx, settings: OfficeSettings, now: Date, t: Transition): Promise<ActionResult> {
  const { row } = t;
  const from = row.state as ComplaintState;
  const decision = decide({ state: from, resumeState: row.resume_state as ComplaintState | null }, t.action, t.actor, settings.stepRoles, t.openDispositionsAfter);
  if (!decision.ok) {
    throw new AppError(decision.reason === 'role_not_allowed' ? 'role_not_allowed' : 'transition_not_allowed', undefined, {
      state: decision.state,
      allowedActions: decision.allowed,
    });
  }
  if (row.version !== t.expectedVersion) throw await staleVersion(trx, row);
  const newClassId = t.newClassId === undefined ? row.class_id : t.newClassId;
  const clock = advanceClock(
    settings.calendar,
    clockOf(row),
    { action: t.action, from, to: decision.to, now, answerDays: answerDaysFor(settings, row, newClassId), previousAnswerDays: answerDaysFor(settings, row, row.class_id) },
    deadlineSettingsFor(row.channel, settings.deadlines),
  );
  const at = now.toISOString();
  const updated = await trx
    .updateTable('complaints')
    .set({
      ...t.changes,
      state: decision.to,
      resume_state: decision.resumeState,
      version: row.version + 1,
      updated_at: at,
      due_at: clock.dueAt,
      due_kind: clock.dueKind,
      paused_remaining_days: clock.pausedRemainingDays,
      first_responded_at: clock.firstRespondedAt,
      first_response_met: booleanToFlag(clock.firstResponseMet),
      answer_due_at: clock.answerDueAt,
      answered_at: clock.answeredAt,
      answer_met: booleanToFlag(clock.answerMet),
      answer_working_days: clock.answerWorkingDays,
      was_reopened: decision.to === 'reopened' ? 1 : row.was_reopened,
      close_due_at: clock.closeDueAt,
      closed_at: clock.closedAt,
    })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .returning(['version'])
    .executeTakeFirst();
  if (!updated) throw await staleVersion(trx, await loadComplaint(trx, row.tracking_number));
  await recordEvent(trx, { complaintId: row.id, type: t.action, fromState: from, toState: decision.to, actor: t.eventActor, at, ...(t.data ? { data: t.data } : {}) });
  // Every open page hears of it once this transaction commits: the one place actions are announced.
  await announceComplaintChange(trx, { complaintId: row.id, trackingNumber: row.tracking_number, version: updated.version, state: decision.to, action: t.action, actor: t.eventActor, at });
  // The mail this step causes is written in the same transaction (the outbox), so neither is lost alone.
  await enqueueComplaintNotifications(trx, { complaintId: row.id, event: t.action, at, version: updated.version, data: t.data });
  // Owners and the office's notifications for the hand-off this step is (src/team/).
  await recordHandOff(trx, { complaintId: row.id, action: t.action, actor: t.eventActor, at, version: updated.version, data: t.data, stepRoles: settings.stepRoles });
  return { trackingNumber: row.tracking_number, state: decision.to, version: updated.version, dueAt: clock.dueAt, dueKind: clock.dueKind };
}

async function addMessage(
  trx: Trx,
  complaintId: number,
  kind: Selectable<Database['complaint_messages']>['kind'],
  author: EventActor,
  body: string,
  at: string,
): Promise<number> {
  const { id } = await trx
    .insertInto('complaint_messages')
    .values({
      complaint_id: complaintId,
      kind,
      author_type: author.type,
      author_user_id: author.type === 'staff' ? author.userId : null,
      is_internal: kind === 'note' ? 1 : 0,
      body,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

function invalid(path: string, id: string, en: string): AppError {
  return new AppError('validation_failed', [{ path, message: { id, en } }]);
}

/** Carries out one SOP action by a staff member, all of it in one transaction. */
export async function applyStaffAction(
  ctx: AppContext,
  principal: StaffPrincipal,
  trackingNumber: string,
  action: StaffAction,
  rawInput: unknown,
  language: Language,
): Promise<ActionResult> {
  const settings = await ctx.settings.get();
  const now = ctx.now();
  const at = now.toISOString();
  const actor: Actor = { kind: 'staff', role: principal.role };
  const eventActor: EventActor = { type: 'staff', userId: principal.userId, role: principal.role };

  return liveTransaction(ctx, async (trx) => {
    const row = await loadComplaint(trx, trackingNumber);
    await assertVisibleTo(trx, row.id, principal);
    // Someone acted since this user looked: say who and when before anything else, even if the action is no longer possible.
    const seen = seenVersion(rawInput);
    if (seen !== undefined && seen !== row.version) throw await staleVersion(trx, row);
    // Refuse on state and role before complaining about the body, so the 409 says what is possible.
    const preview = decide({ state: row.state as ComplaintState, resumeState: row.resume_state as ComplaintState | null }, action, actor, settings.stepRoles);
    if (!preview.ok) {
      throw new AppError(preview.reason === 'role_not_allowed' ? 'role_not_allowed' : 'transition_not_allowed', undefined, {
        state: preview.state,
        allowedActions: preview.allowed,
      });
    }
    const base = { row, action, actor, eventActor };
    switch (action) {
      case 'acknowledge': {
        const input: StaffActionInput<'acknowledge'> = parseOrThrow(STAFF_ACTION_INPUTS.acknowledge, rawInput, language);
        if (input.message) await addMessage(trx, row.id, 'acknowledgement', eventActor, input.message, at);
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version });
      }
      case 'print_sheet': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.print_sheet, rawInput, language);
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version });
      }
      case 'request_clarification': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.request_clarification, rawInput, language);
        await addMessage(trx, row.id, 'clarification_request', eventActor, input.message, at);
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version });
      }
      case 'resume': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.resume, rawInput, language);
        if (input.note) await addMessage(trx, row.id, 'note', eventActor, input.note, at);
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version });
      }
      case 'dispose': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.dispose, rawInput, language);
        const ids = [...new Set(input.divisionIds)];
        const divisions = await trx.selectFrom('divisions').select('id').where('id', 'in', ids).where('active', '=', 1).execute();
        if (divisions.length !== ids.length) throw invalid('divisionIds', 'Bidang tidak dikenal.', 'Unknown division.');
        const due = disposedDue(settings.calendar, now, input.followUpDueDate, row.answer_due_at, followUpDue(settings.calendar, now, deadlineSettingsFor(row.channel, settings.deadlines)));
        await trx
          .insertInto('dispositions')
          .values(ids.map((divisionId) => ({ complaint_id: row.id, division_id: divisionId, instruction: input.instruction, disposed_by: principal.userId, disposed_at: at, due_at: due, follow_up: null, advocacy: null, followed_up_by: null, followed_up_at: null, follow_up_met: null })))
          .execute();
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version, data: { divisionIds: ids, instruction: input.instruction, followUpDueAt: due } });
      }
      case 'record_follow_up': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.record_follow_up, rawInput, language);
        let query = trx.selectFrom('dispositions').selectAll().where('complaint_id', '=', row.id).where('followed_up_at', 'is', null);
        if (principal.role === 'division_officer') query = query.where('division_id', '=', principal.divisionId ?? -1);
        if (input.dispositionId !== undefined) query = query.where('id', '=', input.dispositionId);
        const open = await query.orderBy('id').execute();
        const target = open[0];
        if (!target) throw invalid('dispositionId', 'Tidak ada disposisi terbuka untuk bidang ini.', 'No open disposition for this division.');
        await trx
          .updateTable('dispositions')
          .set({ follow_up: input.followUp, advocacy: input.advocacy, followed_up_by: principal.userId, followed_up_at: at, follow_up_met: now.getTime() <= Date.parse(target.due_at) ? 1 : 0 })
          .where('id', '=', target.id)
          .execute();
        const remaining = await trx.selectFrom('dispositions').select('id').where('complaint_id', '=', row.id).where('followed_up_at', 'is', null).execute();
        return commitTransition(trx, settings, now, {
          ...base,
          expectedVersion: input.version,
          openDispositionsAfter: remaining.length,
          data: { dispositionId: target.id, divisionId: target.division_id },
        });
      }
      case 'draft_answer': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.draft_answer, rawInput, language);
        if (hasUnfilledGap(input.body)) throw invalid('body', 'Ganti "..." dari templat dengan jawaban yang sebenarnya.', 'Replace the template\'s "..." with the actual answer.');
        await trx.updateTable('answers').set({ status: 'returned', review_note: null }).where('complaint_id', '=', row.id).where('status', '=', 'draft').execute();
        await trx.insertInto('answers').values({ complaint_id: row.id, body: input.body, status: 'draft', drafted_by: principal.userId, drafted_at: at, reviewed_by: null, reviewed_at: null, review_note: null }).execute();
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version });
      }
      case 'return_answer': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.return_answer, rawInput, language);
        await trx.updateTable('answers').set({ status: 'returned', reviewed_by: principal.userId, reviewed_at: at, review_note: input.note }).where('complaint_id', '=', row.id).where('status', '=', 'draft').execute();
        await addMessage(trx, row.id, 'note', eventActor, input.note, at);
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version });
      }
      case 'approve_answer': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.approve_answer, rawInput, language);
        const draft = await trx.selectFrom('answers').selectAll().where('complaint_id', '=', row.id).where('status', '=', 'draft').orderBy('id', 'desc').executeTakeFirst();
        if (!draft) throw new AppError('transition_not_allowed', undefined, { state: row.state, allowedActions: [] });
        await trx.updateTable('answers').set({ status: 'published', reviewed_by: principal.userId, reviewed_at: at }).where('id', '=', draft.id).execute();
        await addMessage(trx, row.id, 'answer', eventActor, draft.body, at);
        // The office chose to publish it: the redacted text goes out with the approval or neither does.
        if (input.publish) await publishInTransaction(trx, principal, row, input.publish, now, true);
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version, data: { answerId: draft.id } });
      }
      case 'close': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.close, rawInput, language);
        if (input.note) await addMessage(trx, row.id, 'note', eventActor, input.note, at);
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version });
      }
      case 'reject': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.reject, rawInput, language);
        let duplicateOfId: number | null = null;
        if (input.reason === 'duplicate' && input.duplicateOf) {
          const original = await trx.selectFrom('complaints').select('id').where('tracking_number', '=', input.duplicateOf).executeTakeFirst();
          if (!original || original.id === row.id) throw invalid('duplicateOf', 'Pengaduan asal tidak ditemukan.', 'Original complaint not found.');
          duplicateOfId = original.id;
        }
        await addMessage(trx, row.id, 'message', eventActor, input.message, at);
        return commitTransition(trx, settings, now, {
          ...base,
          expectedVersion: input.version,
          changes: { duplicate_of_id: duplicateOfId },
          data: { reason: input.reason, ...(input.duplicateOf ? { duplicateOf: input.duplicateOf } : {}) },
        });
      }
      case 'refer': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.refer, rawInput, language);
        await addMessage(trx, row.id, 'message', eventActor, input.message, at);
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version, changes: { referred_to: input.referredTo }, data: { referredTo: input.referredTo } });
      }
      case 'hold': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.hold, rawInput, language);
        await addMessage(trx, row.id, 'note', eventActor, input.reason, at);
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version });
      }
      case 'reopen': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.reopen, rawInput, language);
        await addMessage(trx, row.id, 'note', eventActor, input.reason, at);
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version });
      }
      case 'add_note': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.add_note, rawInput, language);
        await addMessage(trx, row.id, 'note', eventActor, input.body, at);
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version });
      }
      case 'classify': {
        const input = parseOrThrow(STAFF_ACTION_INPUTS.classify, rawInput, language);
        if (input.classId !== undefined && !settings.classDays.has(input.classId)) throw invalid('classId', 'Kelas pengaduan tidak dikenal.', 'Unknown complaint class.');
        if (input.themeId) {
          const theme = await trx.selectFrom('complaint_themes').select('id').where('id', '=', input.themeId).executeTakeFirst();
          if (!theme) throw invalid('themeId', 'Tema tidak dikenal.', 'Unknown theme.');
        }
        if (input.permitTypeId) {
          const permit = await trx.selectFrom('permit_types').select('id').where('id', '=', input.permitTypeId).executeTakeFirst();
          if (!permit) throw invalid('permitTypeId', 'Jenis izin tidak dikenal.', 'Unknown permit type.');
        }
        const changes: Transition['changes'] = {
          ...(input.classId !== undefined ? { class_id: input.classId } : {}),
          ...(input.themeId !== undefined ? { theme_id: input.themeId } : {}),
          ...(input.permitTypeId !== undefined ? { permit_type_id: input.permitTypeId } : {}),
          ...(input.confidential !== undefined ? { is_confidential: input.confidential ? 1 : 0 } : {}),
        };
        const { version: _v, ...data } = input;
        return commitTransition(trx, settings, now, { ...base, expectedVersion: input.version, changes, ...(input.classId !== undefined ? { newClassId: input.classId } : {}), data });
      }
    }
  });
}

export type ReporterAction = 'reporter_reply' | 'accept_answer' | 'dispute_answer';

/** A reporter's reply, acceptance or dispute; the access code was checked by the caller. */
export async function applyReporterAction(
  ctx: AppContext,
  trackingNumber: string,
  action: ReporterAction,
  message: string | null,
  files: IncomingFile[],
  /** More writes of the caller that stand or fall with the action (a WhatsApp reply's acknowledgement). */
  alsoInTransaction?: (trx: Trx, complaintId: number) => Promise<void>,
): Promise<ActionResult> {
  const settings = await ctx.settings.get();
  const now = ctx.now();
  const limits = { maxBytes: ctx.config.attachmentMaxBytes, maxCount: ctx.config.attachmentMaxCount };
  return withStoredFiles(fileStoreFor(ctx.config), files, limits, (stored) =>
    liveTransaction(ctx, async (trx) => {
      const row = await loadComplaint(trx, trackingNumber);
      const result = await reporterStep(trx, settings, now, row, action, message, stored);
      if (alsoInTransaction) await alsoInTransaction(trx, row.id);
      return result;
    }),
  );
}

async function reporterStep(trx: Trx, settings: OfficeSettings, now: Date, row: ComplaintRow, action: ReporterAction, message: string | null, stored: StoredFile[]): Promise<ActionResult> {
  const at = now.toISOString();
  const eventActor: EventActor = { type: 'reporter' };
  const preview = decide({ state: row.state as ComplaintState, resumeState: row.resume_state as ComplaintState | null }, action, { kind: 'reporter' }, settings.stepRoles);
  if (!preview.ok) throw new AppError('transition_not_allowed', undefined, { state: preview.state, allowedActions: preview.allowed });
  if (message !== null) {
    const messageId = await addMessage(trx, row.id, action === 'dispute_answer' ? 'dispute' : 'reply', eventActor, message, at);
    await recordAttachments(trx, row.id, messageId, stored, 'reporter', at);
  }
  return commitTransition(trx, settings, now, { row, action, actor: { kind: 'reporter' }, eventActor, expectedVersion: row.version });
}

/** The event of more information the reporter sent outside a clarification (public: the reporter sees it on the timeline). */
export const REPORTER_INFO = 'reporter_info';

/**
 * More information from the reporter at any time the complaint is open: a message with files that
 * the office is told of as a reporter reply; state and deadline stay as they are. While the office
 * waits for a clarification, the message is that awaited reply (and restarts the clock).
 */
export async function addReporterInformation(
  ctx: AppContext,
  trackingNumber: string,
  message: string,
  files: IncomingFile[],
  alsoInTransaction?: (trx: Trx, complaintId: number) => Promise<void>,
): Promise<ActionResult> {
  const settings = await ctx.settings.get();
  const now = ctx.now();
  const at = now.toISOString();
  const eventActor: EventActor = { type: 'reporter' };
  const limits = { maxBytes: ctx.config.attachmentMaxBytes, maxCount: ctx.config.attachmentMaxCount };
  return withStoredFiles(fileStoreFor(ctx.config), files, limits, (stored) =>
    liveTransaction(ctx, async (trx) => {
      const row = await loadComplaint(trx, trackingNumber);
      await alsoInTransaction?.(trx, row.id);
      const state = row.state as ComplaintState;
      if (state === 'clarification') return reporterStep(trx, settings, now, row, 'reporter_reply', message, stored);
      if (FINAL_STATES.includes(state)) throw new AppError('transition_not_allowed', undefined, { state, allowedActions: [] });
      const messageId = await addMessage(trx, row.id, 'message', eventActor, message, at);
      await recordAttachments(trx, row.id, messageId, stored, 'reporter', at);
      const updated = await trx
        .updateTable('complaints')
        .set({ version: row.version + 1, updated_at: at })
        .where('id', '=', row.id)
        .where('version', '=', row.version)
        .returning(['version'])
        .executeTakeFirst();
      if (!updated) throw await staleVersion(trx, await loadComplaint(trx, trackingNumber));
      await recordEvent(trx, { complaintId: row.id, type: REPORTER_INFO, fromState: state, toState: state, actor: eventActor, at });
      await announceComplaintChange(trx, { complaintId: row.id, trackingNumber, version: updated.version, state, action: REPORTER_INFO, actor: eventActor, at });
      await recordHandOff(trx, { complaintId: row.id, action: REPORTER_INFO, actor: eventActor, at, version: updated.version, stepRoles: settings.stepRoles });
      return { trackingNumber, state, version: updated.version, dueAt: row.due_at, dueKind: row.due_kind as DueKind | null };
    }),
  );
}

/** Closes answered complaints whose 10 working days passed without a reply; returns how many. */
export async function autoCloseDue(ctx: AppContext, limit = 500): Promise<number> {
  const settings = await ctx.settings.get();
  const now = ctx.now();
  const due = await ctx.db.kysely
    .selectFrom('complaints')
    .select('tracking_number')
    .where('state', '=', 'answered')
    .where('due_at', '<=', now.toISOString())
    .orderBy('due_at')
    .limit(limit)
    .execute();
  let closed = 0;
  for (const { tracking_number } of due) {
    try {
      await liveTransaction(ctx, async (trx) => {
        const row = await loadComplaint(trx, tracking_number);
        if (row.state !== 'answered' || !row.due_at || Date.parse(row.due_at) > now.getTime()) return;
        await commitTransition(trx, settings, now, { row, action: 'auto_close', actor: { kind: 'system' }, eventActor: { type: 'system' }, expectedVersion: row.version });
        closed++;
      });
    } catch (error) {
      // Someone acted on it meanwhile; the next run looks again.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return closed;
}

export { loadComplaint };
