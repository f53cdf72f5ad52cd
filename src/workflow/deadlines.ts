/**
 * The deadlines a complaint runs against, moved by each transition. Pure: the calendar and
 * the instant come in, the new clock goes out.
 */
import { addWorkingDays, clockStart, isWorkingDay, jakartaDate, workingDaysBetween, type WorkingCalendar } from '../calendar/working-time.js';
import { FINAL_STATES, PAUSED_STATES, type ActionName, type ComplaintState } from './state-machine.js';

export interface DeadlineSettings {
  firstResponseDays: number;
  followUpDays: number;
  autoCloseDays: number;
}

export const DEFAULT_DEADLINE_SETTINGS: DeadlineSettings = { firstResponseDays: 1, followUpDays: 5, autoCloseDays: 10 };

export type DueKind = 'first_response' | 'answer' | 'auto_close';

/** ISO-8601 UTC strings, as stored. */
export interface ComplaintClock {
  receivedAt: string;
  firstResponseDueAt: string;
  firstRespondedAt: string | null;
  firstResponseMet: boolean | null;
  answerDueAt: string | null;
  answeredAt: string | null;
  answerMet: boolean | null;
  /** Working days from received to the first answer (the recap's median and 90th percentile). */
  answerWorkingDays: number | null;
  closeDueAt: string | null;
  closedAt: string | null;
  dueAt: string | null;
  dueKind: DueKind | null;
  pausedRemainingDays: number | null;
}

const iso = (d: Date): string => d.toISOString();

/** Actions that count as the office's first response to the reporter (SOP step 1). */
const FIRST_RESPONSES: readonly ActionName[] = ['acknowledge', 'reject', 'refer'];

export function initialClock(cal: WorkingCalendar, receivedAt: Date, settings: DeadlineSettings, answerDays: number): ComplaintClock {
  const start = clockStart(cal, receivedAt);
  const firstResponseDueAt = iso(addWorkingDays(cal, start, settings.firstResponseDays));
  return {
    receivedAt: iso(receivedAt),
    firstResponseDueAt,
    firstRespondedAt: null,
    firstResponseMet: null,
    answerDueAt: iso(addWorkingDays(cal, start, answerDays)),
    answeredAt: null,
    answerMet: null,
    answerWorkingDays: null,
    closeDueAt: null,
    closedAt: null,
    dueAt: firstResponseDueAt,
    dueKind: 'first_response',
    pausedRemainingDays: null,
  };
}

function currentDue(clock: ComplaintClock, state: ComplaintState): Pick<ComplaintClock, 'dueAt' | 'dueKind'> {
  if (state === 'received') return { dueAt: clock.firstResponseDueAt, dueKind: 'first_response' };
  if (FINAL_STATES.includes(state) || PAUSED_STATES.includes(state)) return { dueAt: null, dueKind: null };
  if (state === 'answered') return { dueAt: clock.closeDueAt, dueKind: 'auto_close' };
  return { dueAt: clock.answerDueAt, dueKind: 'answer' };
}

export interface ClockChange {
  action: ActionName;
  from: ComplaintState;
  to: ComplaintState;
  now: Date;
  /** Working days to answer for the complaint's class (after a `classify`, the new class's). */
  answerDays: number;
  previousAnswerDays: number;
}

export function advanceClock(cal: WorkingCalendar, clock: ComplaintClock, change: ClockChange, settings: DeadlineSettings): ComplaintClock {
  const { action, from, to, now } = change;
  const at = iso(now);
  const next: ComplaintClock = { ...clock };

  if (next.firstRespondedAt === null && FIRST_RESPONSES.includes(action)) {
    next.firstRespondedAt = at;
    next.firstResponseMet = now.getTime() <= Date.parse(clock.firstResponseDueAt);
  }

  const answering = from !== 'answered' && !FINAL_STATES.includes(from);
  if (action === 'classify' && change.answerDays !== change.previousAnswerDays && next.answerDueAt && answering) {
    const delta = change.answerDays - change.previousAnswerDays;
    if (next.pausedRemainingDays !== null) {
      // Paused: the allowance change lands on what is left, which the resume turns into a date.
      next.pausedRemainingDays += delta;
    } else {
      // Keep the working days already paused, swap the class's allowance.
      const received = new Date(clock.receivedAt);
      const spent = workingDaysBetween(cal, received, new Date(next.answerDueAt)) - change.previousAnswerDays;
      next.answerDueAt = iso(addWorkingDays(cal, received, Math.max(0, spent + change.answerDays)));
    }
  }

  const pausing = PAUSED_STATES.includes(to) && !PAUSED_STATES.includes(from);
  const resuming = PAUSED_STATES.includes(from) && !PAUSED_STATES.includes(to);
  if (pausing && next.answerDueAt) {
    next.pausedRemainingDays = workingDaysBetween(cal, now, new Date(next.answerDueAt));
  }
  if (resuming) {
    const remaining = next.pausedRemainingDays;
    if (remaining !== null && remaining > 0) next.answerDueAt = iso(addWorkingDays(cal, now, remaining));
    next.pausedRemainingDays = null;
  }

  if (action === 'approve_answer') {
    if (next.answeredAt === null) {
      next.answeredAt = at;
      next.answerMet = next.answerDueAt === null ? true : now.getTime() <= Date.parse(next.answerDueAt);
      next.answerWorkingDays = workingDaysBetween(cal, new Date(clock.receivedAt), now);
    }
    next.closeDueAt = iso(addWorkingDays(cal, now, settings.autoCloseDays));
  }
  if (action === 'reopen' || action === 'dispute_answer') {
    next.answerDueAt = iso(addWorkingDays(cal, now, change.answerDays));
    next.closeDueAt = null;
    next.closedAt = null;
  }
  if (FINAL_STATES.includes(to) && !FINAL_STATES.includes(from)) next.closedAt = at;

  return { ...next, ...currentDue(next, to) };
}

/** A division's follow-up deadline from the moment of disposition. */
export function followUpDue(cal: WorkingCalendar, disposedAt: Date, settings: DeadlineSettings): Date {
  return addWorkingDays(cal, disposedAt, settings.followUpDays);
}

/** How much working time is left until `due` (negative when overdue), in working days and office hours. */
export function timeLeft(cal: WorkingCalendar, now: Date, due: Date): { workingDaysLeft: number; overdue: boolean } {
  const workingDays = workingDaysBetween(cal, now, due);
  return { workingDaysLeft: Math.round(workingDays * 100) / 100, overdue: now.getTime() > due.getTime() };
}

export type ChosenDue = { ok: true; dueAt: Date } | { ok: false; problem: 'not_working_day' | 'past' | 'after_answer' };

/**
 * The follow-up deadline a disposing head chose as a Jakarta date: the office's close that day,
 * never past the answer deadline (a division cannot be given longer than the office has).
 */
export function chosenFollowUpDue(cal: WorkingCalendar, now: Date, date: string, answerDueAt: string | null, computed: Date): ChosenDue {
  if (!isWorkingDay(cal, date)) return { ok: false, problem: 'not_working_day' };
  if (date < jakartaDate(now)) return { ok: false, problem: 'past' };
  if (answerDueAt && date > jakartaDate(new Date(answerDueAt))) return { ok: false, problem: 'after_answer' };
  if (date === jakartaDate(computed)) return { ok: true, dueAt: computed };
  // One working day from the day's opening ends at its close (addWorkingDays' rule).
  const close = addWorkingDays(cal, clockStart(cal, new Date(`${date}T00:00:00+07:00`)), 1);
  if (close.getTime() <= now.getTime()) return { ok: false, problem: 'past' };
  const dueAt = answerDueAt && close.getTime() > Date.parse(answerDueAt) ? new Date(answerDueAt) : close;
  return { ok: true, dueAt };
}

/**
 * SP4N-LAPOR!'s own limits (decision 0030): the office must give LAPOR! a first response within
 * 3 working days, a follow-up (*tindak lanjut*) within 5, and finish within 60 at the most (the
 * "needs investigation" case); KemenPAN-RB, June 2018, under Permenpan RB 62/2018.
 */
export const LAPOR_LIMITS = { firstResponseDays: 3, followUpDays: 5, answerDays: 60 } as const;

/** Whether a complaint runs on LAPOR!'s limits as well as the office's. */
export const runsOnLaporLimits = (channel: string): boolean => channel === 'lapor';

/** The deadline settings a complaint runs on: for LAPOR!, the stricter of the office's and LAPOR!'s. */
export function deadlineSettingsFor(channel: string, office: DeadlineSettings): DeadlineSettings {
  if (!runsOnLaporLimits(channel)) return office;
  return {
    ...office,
    firstResponseDays: Math.min(office.firstResponseDays, LAPOR_LIMITS.firstResponseDays),
    followUpDays: Math.min(office.followUpDays, LAPOR_LIMITS.followUpDays),
  };
}

/** Working days to answer: the class's, never past LAPOR!'s limit for a LAPOR! complaint. */
export function answerDaysFor(channel: string, classDays: number): number {
  return runsOnLaporLimits(channel) ? Math.min(classDays, LAPOR_LIMITS.answerDays) : classDays;
}
