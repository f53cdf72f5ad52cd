import { describe, it, expect } from 'vitest';
import { DEFAULT_OFFICE_HOURS, type WorkingCalendar } from '../calendar/working-time.js';
import {
  DEFAULT_DEADLINE_SETTINGS,
  advanceClock,
  answerDaysFor,
  deadlineSettingsFor,
  followUpDue,
  initialClock,
  timeLeft,
  type ComplaintClock,
  type DeadlineSettings,
} from './deadlines.js';
import type { ActionName, ComplaintState } from './state-machine.js';

// Real 2026 Indonesian calendar: SKB 1497/2025, 2/2025, 5/2025 (as in working-time.test.ts).
const NATIONAL_2026 = ['01-01', '01-16', '02-17', '03-19', '03-21', '03-22', '04-03', '04-05', '05-01', '05-14', '05-27', '05-31', '06-01', '06-16', '08-17', '08-25', '12-25'];
const CUTI_BERSAMA_2026 = ['02-16', '03-18', '03-20', '03-23', '03-24', '05-15', '05-28', '12-24'];
const NON_WORKING_2026 = new Set([...NATIONAL_2026, ...CUTI_BERSAMA_2026].map((md) => `2026-${md}`));

const cal: WorkingCalendar = { officeHours: DEFAULT_OFFICE_HOURS, nonWorkingDates: NON_WORKING_2026 };
const S = DEFAULT_DEADLINE_SETTINGS;

/*
 * Hand reckoning used below (Mon–Thu 08:00–16:00, Fri 08:00–15:00 WIB = UTC+7).
 * March 2026: Mon 2 … Fri 6, Mon 9 … Fri 13, Mon 16, Tue 17 are working days; 18 (cuti),
 * 19 (Nyepi), 20 (cuti), 21–22 (Idulfitri, weekend), 23–24 (cuti) are not; work resumes
 * Wed 25. April: Fri 3 (Good Friday) off. May: Fri 1, Thu 14, Fri 15, Wed 27, Thu 28 off;
 * Mon 1 June off.
 * A position inside a working day is day + fraction of its office hours, so 10:00 on a
 * Mon–Thu is 0.25 and 09:45 on a Friday is also 0.25 (1h45 of 7h). Landing exactly on an
 * opening after adding whole days reports the previous working day's closing instead.
 */

/** An instant written in Jakarta local time, e.g. wib('2026-03-02T10:00'). */
function wib(local: string): Date {
  return new Date(`${local}${local.length === 16 ? ':00' : ''}+07:00`);
}

function step(
  clock: ComplaintClock,
  action: ActionName,
  from: ComplaintState,
  to: ComplaintState,
  local: string,
  answerDays = 14,
  previousAnswerDays = answerDays,
  settings: DeadlineSettings = S,
): ComplaintClock {
  const before = JSON.stringify(clock);
  const next = advanceClock(cal, clock, { action, from, to, now: wib(local), answerDays, previousAnswerDays }, settings);
  // Pure: the clock passed in is never changed.
  expect(JSON.stringify(clock)).toBe(before);
  return next;
}

/** Received Monday 2 March 2026 10:00 WIB, class with 14 working days to answer. */
const RECEIVED = '2026-03-02T10:00';
const clock0 = initialClock(cal, wib(RECEIVED), S, 14);
/** …acknowledged the same day at 15:00. */
const acked = step(clock0, 'acknowledge', 'received', 'acknowledged', '2026-03-02T15:00');

describe('initialClock', () => {
  it('inside office hours: first response 1 working day later, answer after the class days (across Idulfitri)', () => {
    expect(clock0).toEqual({
      receivedAt: '2026-03-02T03:00:00.000Z',
      // Tue 3 March 10:00 WIB.
      firstResponseDueAt: '2026-03-03T03:00:00.000Z',
      firstRespondedAt: null,
      firstResponseMet: null,
      // 14 working days: … Tue 17 (11), Wed 25 (12), Thu 26 (13), Fri 27 (14) at 0.25 = 09:45 WIB.
      answerDueAt: '2026-03-27T02:45:00.000Z',
      answeredAt: null,
      answerMet: null,
      answerWorkingDays: null,
      closeDueAt: null,
      closedAt: null,
      dueAt: '2026-03-03T03:00:00.000Z',
      dueKind: 'first_response',
      pausedRemainingDays: null,
    });
  });

  it('the first response of an afternoon complaint before the Lebaran block falls after it', () => {
    const c = initialClock(cal, wib('2026-03-17T14:00'), S, 5);
    // Tue 17 March at 0.75 → next working day Wed 25 at 0.75 = 14:00 WIB.
    expect(c.firstResponseDueAt).toBe('2026-03-25T07:00:00.000Z');
    expect(c.dueAt).toBe('2026-03-25T07:00:00.000Z');
    // 5 days: Wed 25, Thu 26, Fri 27, Mon 30, Tue 31 at 0.75 = 14:00 WIB.
    expect(c.answerDueAt).toBe('2026-03-31T07:00:00.000Z');
  });

  it('received on a holiday: the clock starts at the next opening', () => {
    const c = initialClock(cal, wib('2026-03-19T09:00'), S, 5);
    expect(c.receivedAt).toBe('2026-03-19T02:00:00.000Z');
    // Starts Wed 25 08:00: one working day ends Wed 25 16:00.
    expect(c.firstResponseDueAt).toBe('2026-03-25T09:00:00.000Z');
    // Wed 25 … Tue 31 (5 days) ends Tue 31 16:00.
    expect(c.answerDueAt).toBe('2026-03-31T09:00:00.000Z');
  });

  it('received at Friday closing, on Saturday or before opening on Monday: counts from Monday 08:00', () => {
    for (const local of ['2026-03-06T15:00', '2026-03-07T10:00', '2026-03-08T23:59', '2026-03-09T07:59']) {
      const c = initialClock(cal, wib(local), S, 5);
      expect(c.firstResponseDueAt, local).toBe('2026-03-09T09:00:00.000Z'); // Mon 9 16:00
      expect(c.answerDueAt, local).toBe('2026-03-13T08:00:00.000Z'); // Fri 13 15:00 (closing)
      expect(c.dueKind).toBe('first_response');
    }
  });

  it('received on a Friday morning: the fraction of the short Friday carries to Monday', () => {
    const c = initialClock(cal, wib('2026-03-06T10:00'), S, 5);
    // Fri 10:00 = 2/7 of the day; Mon 9 at 2/7 of 8h = 10:17:08.571 WIB.
    expect(c.firstResponseDueAt).toBe('2026-03-09T03:17:08.571Z');
    // Fri 13 at 2/7 of 7h = 10:00 WIB.
    expect(c.answerDueAt).toBe('2026-03-13T03:00:00.000Z');
  });

  it('a 60-day class runs through Lebaran, Good Friday, May and 1 June holidays', () => {
    const c = initialClock(cal, wib(RECEIVED), S, 60);
    // 60th working day after Mon 2 March is Wed 10 June; 10:00 WIB.
    expect(c.answerDueAt).toBe('2026-06-10T03:00:00.000Z');
  });

  it('the first-response allowance is a setting', () => {
    const c = initialClock(cal, wib(RECEIVED), { ...S, firstResponseDays: 2 }, 14);
    expect(c.firstResponseDueAt).toBe('2026-03-04T03:00:00.000Z');
    expect(c.dueAt).toBe('2026-03-04T03:00:00.000Z');
  });
});

describe('advanceClock: first response (SOP step 1)', () => {
  it('acknowledged in time: met, and the answer deadline takes over', () => {
    expect(acked).toEqual({
      ...clock0,
      firstRespondedAt: '2026-03-02T08:00:00.000Z',
      firstResponseMet: true,
      dueAt: '2026-03-27T02:45:00.000Z',
      dueKind: 'answer',
    });
  });

  it('acknowledged exactly at the deadline is in time; a second later is late', () => {
    const onTime = step(clock0, 'acknowledge', 'received', 'acknowledged', '2026-03-03T10:00:00');
    expect(onTime.firstResponseMet).toBe(true);
    const late = step(clock0, 'acknowledge', 'received', 'acknowledged', '2026-03-03T10:00:01');
    expect(late.firstRespondedAt).toBe('2026-03-03T03:00:01.000Z');
    expect(late.firstResponseMet).toBe(false);
    expect(late.dueKind).toBe('answer');
    expect(late.dueAt).toBe('2026-03-27T02:45:00.000Z');
  });

  it('a rejection counts as the first response and finishes the complaint', () => {
    const c = step(clock0, 'reject', 'received', 'rejected', '2026-03-02T11:00');
    expect(c.firstRespondedAt).toBe('2026-03-02T04:00:00.000Z');
    expect(c.firstResponseMet).toBe(true);
    expect(c.closedAt).toBe('2026-03-02T04:00:00.000Z');
    expect(c.dueAt).toBeNull();
    expect(c.dueKind).toBeNull();
  });

  it('a late referral counts as a late first response', () => {
    const c = step(clock0, 'refer', 'received', 'referred', '2026-03-04T09:00');
    expect(c.firstRespondedAt).toBe('2026-03-04T02:00:00.000Z');
    expect(c.firstResponseMet).toBe(false);
    expect(c.closedAt).toBe('2026-03-04T02:00:00.000Z');
    expect(c.dueAt).toBeNull();
  });

  it('only the first first-response counts', () => {
    const c = step(acked, 'refer', 'acknowledged', 'referred', '2026-03-10T09:00');
    expect(c.firstRespondedAt).toBe('2026-03-02T08:00:00.000Z');
    expect(c.firstResponseMet).toBe(true);
  });

  it('printing, notes and classification are not a response', () => {
    for (const action of ['print_sheet', 'add_note', 'classify'] as const) {
      const c = step(clock0, action, 'received', 'received', '2026-03-02T11:00');
      expect(c, action).toEqual(clock0);
    }
  });
});

describe('advanceClock: pauses (clarification, hold)', () => {
  const paused = step(acked, 'request_clarification', 'acknowledged', 'clarification', '2026-03-04T10:00');

  it('request_clarification stops the clock and keeps the working days left', () => {
    // From Wed 4 March 10:00 (0.25) to Fri 27 09:45 (0.25): Wed 4 … Thu 26 = 12 working days.
    expect(paused.pausedRemainingDays).toBe(12);
    expect(paused.dueAt).toBeNull();
    expect(paused.dueKind).toBeNull();
    expect(paused.answerDueAt).toBe('2026-03-27T02:45:00.000Z');
  });

  it('notes during the pause leave it paused', () => {
    const c = step(paused, 'add_note', 'clarification', 'clarification', '2026-03-10T10:00');
    expect(c).toEqual(paused);
  });

  it('a reply after a pause spanning the Lebaran holidays moves the answer by the paused working time', () => {
    // Paused Wed 4 10:00 → Wed 25 10:00 = 10 working days (18–24 March are off).
    const c = step(paused, 'reporter_reply', 'clarification', 'acknowledged', '2026-03-25T10:00');
    // Wed 25 10:00 + 12: Thu 26 … Thu 2 April, (Fri 3 off), Mon 6 … Fri 10, Mon 13 at 0.25.
    expect(c.answerDueAt).toBe('2026-04-13T03:00:00.000Z');
    expect(c.pausedRemainingDays).toBeNull();
    expect(c.dueAt).toBe('2026-04-13T03:00:00.000Z');
    expect(c.dueKind).toBe('answer');
  });

  it('a reply sent on a holiday counts from the next opening', () => {
    const c = step(paused, 'reporter_reply', 'clarification', 'acknowledged', '2026-03-21T10:00');
    // From Wed 25 08:00, 12 working days end at Fri 10 April closing, 15:00 WIB.
    expect(c.answerDueAt).toBe('2026-04-10T08:00:00.000Z');
    expect(c.dueAt).toBe('2026-04-10T08:00:00.000Z');
  });

  it('hold and resume move the answer by the held working time', () => {
    const disposed = step(acked, 'dispose', 'acknowledged', 'disposed', '2026-03-05T09:00');
    expect(disposed.dueAt).toBe('2026-03-27T02:45:00.000Z');
    const held = step(disposed, 'hold', 'disposed', 'on_hold', '2026-03-16T12:00');
    // Mon 16 at 0.5 → Fri 27 at 0.25: Mon 16, Tue 17, Wed 25, Thu 26 = 4 − 0.25 = 3.75.
    expect(held.pausedRemainingDays).toBe(3.75);
    expect(held.dueAt).toBeNull();
    expect(held.dueKind).toBeNull();
    const resumed = step(held, 'resume', 'on_hold', 'disposed', '2026-03-30T12:00');
    // Mon 30 at 0.5 + 3.75 = Tue 31, Wed 1, Thu 2, (Fri 3 off), Mon 6 at 0.25 = 10:00 WIB.
    expect(resumed.answerDueAt).toBe('2026-04-06T03:00:00.000Z');
    expect(resumed.dueAt).toBe('2026-04-06T03:00:00.000Z');
    expect(resumed.dueKind).toBe('answer');
    expect(resumed.pausedRemainingDays).toBeNull();
  });

  it('a pause after the deadline passed leaves the complaint overdue when it resumes', () => {
    const c1 = step(acked, 'request_clarification', 'acknowledged', 'clarification', '2026-03-30T09:45');
    expect(c1.pausedRemainingDays).toBeLessThan(0);
    const c2 = step(c1, 'reporter_reply', 'clarification', 'acknowledged', '2026-04-06T09:00');
    expect(c2.answerDueAt).toBe('2026-03-27T02:45:00.000Z');
    expect(c2.dueAt).toBe('2026-03-27T02:45:00.000Z');
    expect(c2.pausedRemainingDays).toBeNull();
  });

  it('rejecting a complaint waiting for clarification finishes it with no deadline', () => {
    const c = step(paused, 'reject', 'clarification', 'rejected', '2026-03-06T10:00');
    expect(c.closedAt).toBe('2026-03-06T03:00:00.000Z');
    expect(c.dueAt).toBeNull();
    expect(c.dueKind).toBeNull();
    expect(c.pausedRemainingDays).toBeNull();
    expect(c.firstRespondedAt).toBe('2026-03-02T08:00:00.000Z');
  });
});

describe('advanceClock: answer, closing and reopening', () => {
  const replied = step(
    step(acked, 'request_clarification', 'acknowledged', 'clarification', '2026-03-04T10:00'),
    'reporter_reply',
    'clarification',
    'acknowledged',
    '2026-03-25T10:00',
  );
  const drafted = step(replied, 'draft_answer', 'acknowledged', 'answer_drafted', '2026-04-09T10:00');
  const answered = step(drafted, 'approve_answer', 'answer_drafted', 'answered', '2026-04-09T11:00');

  it('a drafted answer still runs against the answer deadline', () => {
    expect(drafted.dueAt).toBe('2026-04-13T03:00:00.000Z');
    expect(drafted.dueKind).toBe('answer');
    expect(drafted.answeredAt).toBeNull();
  });

  it('approve_answer records the answer and starts the 10-working-day auto-close', () => {
    expect(answered.answeredAt).toBe('2026-04-09T04:00:00.000Z');
    expect(answered.answerMet).toBe(true);
    // Thu 9 April 11:00 + 10: Fri 10, Mon 13 … Fri 17, Mon 20 … Thu 23 at 3/8 = 11:00 WIB.
    expect(answered.closeDueAt).toBe('2026-04-23T04:00:00.000Z');
    expect(answered.dueAt).toBe('2026-04-23T04:00:00.000Z');
    expect(answered.dueKind).toBe('auto_close');
    expect(answered.answerDueAt).toBe('2026-04-13T03:00:00.000Z');
  });

  it('an answer exactly at the deadline is met; a late one is not', () => {
    // 5-day class received Mon 16 March 09:00: due Mon 30 March 09:00 WIB.
    const c0 = initialClock(cal, wib('2026-03-16T09:00'), S, 5);
    expect(c0.answerDueAt).toBe('2026-03-30T02:00:00.000Z');
    const d = step(step(c0, 'acknowledge', 'received', 'acknowledged', '2026-03-16T10:00', 5), 'draft_answer', 'acknowledged', 'answer_drafted', '2026-03-27T10:00', 5);
    const onTime = step(d, 'approve_answer', 'answer_drafted', 'answered', '2026-03-30T09:00', 5);
    expect(onTime.answerMet).toBe(true);
    // Exactly the class's 5 working days; the late one a working day and 3 office hours of 8 more.
    expect(onTime.answerWorkingDays).toBe(5);
    // Mon 30 09:00 + 10: Tue 31 … Tue 14 April at 1/8 = 09:00 WIB.
    expect(onTime.closeDueAt).toBe('2026-04-14T02:00:00.000Z');
    const late = step(d, 'approve_answer', 'answer_drafted', 'answered', '2026-03-31T12:00', 5);
    expect(late.answeredAt).toBe('2026-03-31T05:00:00.000Z');
    expect(late.answerMet).toBe(false);
    expect(late.answerWorkingDays).toBe(6.375);
    // Tue 31 12:00 + 10: Wed 1 … Wed 15 April at 0.5 = 12:00 WIB.
    expect(late.closeDueAt).toBe('2026-04-15T05:00:00.000Z');
  });

  it('the auto-close delay is a setting', () => {
    const c = advanceClock(
      cal,
      drafted,
      { action: 'approve_answer', from: 'answer_drafted', to: 'answered', now: wib('2026-04-09T11:00'), answerDays: 14, previousAnswerDays: 14 },
      { ...S, autoCloseDays: 3 },
    );
    // Fri 10, Mon 13, Tue 14 at 3/8 = 11:00 WIB.
    expect(c.closeDueAt).toBe('2026-04-14T04:00:00.000Z');
  });

  it('closing (reporter accepts, staff closes, or auto-close) sets closedAt and stops the clock', () => {
    for (const action of ['accept_answer', 'close', 'auto_close'] as const) {
      const c = step(answered, action, 'answered', 'closed', '2026-04-13T09:00');
      expect(c.closedAt, action).toBe('2026-04-13T02:00:00.000Z');
      expect(c.dueAt, action).toBeNull();
      expect(c.dueKind, action).toBeNull();
      expect(c.answeredAt, action).toBe('2026-04-09T04:00:00.000Z');
    }
  });

  it('reopened from closed: a new answer deadline from now, closing cleared', () => {
    const closed = step(answered, 'accept_answer', 'answered', 'closed', '2026-04-13T09:00');
    const c = step(closed, 'reopen', 'closed', 'reopened', '2026-04-14T08:00');
    // Tue 14 April 08:00 + 14: Tue 14 … Thu 30, (Fri 1 May off), Mon 4 May = 14th day, ends 16:00 WIB.
    expect(c.answerDueAt).toBe('2026-05-04T09:00:00.000Z');
    expect(c.dueAt).toBe('2026-05-04T09:00:00.000Z');
    expect(c.dueKind).toBe('answer');
    expect(c.closedAt).toBeNull();
    expect(c.closeDueAt).toBeNull();
  });

  it('a disputed answer is reopened with a new deadline for its class', () => {
    const c = step(answered, 'dispute_answer', 'answered', 'reopened', '2026-04-13T09:00', 5);
    // Mon 13 April 09:00 + 5: Tue 14 … Mon 20 at 1/8 = 09:00 WIB.
    expect(c.answerDueAt).toBe('2026-04-20T02:00:00.000Z');
    expect(c.dueAt).toBe('2026-04-20T02:00:00.000Z');
    expect(c.dueKind).toBe('answer');
    expect(c.closeDueAt).toBeNull();
    expect(c.closedAt).toBeNull();
  });

  describe('a complaint already reopened keeps its new deadline', () => {
    // Disputed Mon 13 April 09:00 with a 5-day class: due Mon 20 April 09:00 WIB.
    const reopened = step(answered, 'dispute_answer', 'answered', 'reopened', '2026-04-13T09:00', 5);

    it('notes and printing do not restart it', () => {
      for (const action of ['add_note', 'print_sheet'] as const) {
        const c = step(reopened, action, 'reopened', 'reopened', '2026-04-15T09:00', 5);
        expect(c.answerDueAt, action).toBe('2026-04-20T02:00:00.000Z');
        expect(c.dueAt, action).toBe('2026-04-20T02:00:00.000Z');
      }
    });

    it('a clarification pause moves it by the paused time only', () => {
      const paused = step(reopened, 'request_clarification', 'reopened', 'clarification', '2026-04-15T09:00', 5);
      // Wed 15 09:00 → Mon 20 09:00: Wed 15, Thu 16, Fri 17 = 3 working days left.
      expect(paused.pausedRemainingDays).toBe(3);
      const c = step(paused, 'reporter_reply', 'clarification', 'reopened', '2026-04-21T09:00', 5);
      // Tue 21 09:00 + 3: Wed 22, Thu 23, Fri 24 at 1/8 of 7h = 08:52:30 WIB
      // (= Mon 20 09:00 moved by the 4 paused working days Wed 15 … Mon 20).
      expect(c.answerDueAt).toBe('2026-04-24T01:52:30.000Z');
      expect(c.dueAt).toBe('2026-04-24T01:52:30.000Z');
    });

    it('a returned draft goes back to the same deadline', () => {
      const drafted = step(reopened, 'draft_answer', 'reopened', 'answer_drafted', '2026-04-16T09:00', 5);
      expect(drafted.answerDueAt).toBe('2026-04-20T02:00:00.000Z');
      const c = step(drafted, 'return_answer', 'answer_drafted', 'reopened', '2026-04-17T09:00', 5);
      expect(c.answerDueAt).toBe('2026-04-20T02:00:00.000Z');
      expect(c.dueAt).toBe('2026-04-20T02:00:00.000Z');
    });
  });

  it('answering again after a reopening keeps the first answer time but restarts the auto-close', () => {
    const reopened = step(step(answered, 'accept_answer', 'answered', 'closed', '2026-04-13T09:00'), 'reopen', 'closed', 'reopened', '2026-04-14T08:00');
    const redrafted = step(reopened, 'draft_answer', 'reopened', 'answer_drafted', '2026-04-30T09:00');
    const c = step(redrafted, 'approve_answer', 'answer_drafted', 'answered', '2026-04-30T10:00');
    expect(c.answeredAt).toBe('2026-04-09T04:00:00.000Z');
    expect(c.answerMet).toBe(true);
    expect(c.answerWorkingDays).toBe(answered.answerWorkingDays);
    // Thu 30 April 10:00 + 10: Mon 4 … Fri 8, Mon 11 … Wed 13, (14–15 off), Mon 18, Tue 19 at 0.25.
    expect(c.closeDueAt).toBe('2026-05-19T03:00:00.000Z');
    expect(c.dueAt).toBe('2026-05-19T03:00:00.000Z');
    expect(c.dueKind).toBe('auto_close');
  });
});

describe('advanceClock: classification changes the answer allowance', () => {
  it('before any pause: the answer is counted afresh from reception with the new class', () => {
    const c = step(clock0, 'classify', 'received', 'received', '2026-03-02T11:00', 5, 14);
    // Mon 2 March 10:00 + 5 = Mon 9 March 10:00 WIB.
    expect(c.answerDueAt).toBe('2026-03-09T03:00:00.000Z');
    // Still waiting for the first response.
    expect(c.dueAt).toBe('2026-03-03T03:00:00.000Z');
    expect(c.dueKind).toBe('first_response');
  });

  it('to a longer class once acknowledged', () => {
    const c = step(acked, 'classify', 'acknowledged', 'acknowledged', '2026-03-03T09:00', 60, 14);
    expect(c.answerDueAt).toBe('2026-06-10T03:00:00.000Z');
    expect(c.dueAt).toBe('2026-06-10T03:00:00.000Z');
    expect(c.dueKind).toBe('answer');
  });

  it('to a class with the same days: nothing moves', () => {
    expect(step(acked, 'classify', 'acknowledged', 'acknowledged', '2026-03-03T09:00', 14, 14)).toEqual(acked);
  });

  it('after a pause: the paused working time is kept', () => {
    const paused = step(acked, 'request_clarification', 'acknowledged', 'clarification', '2026-03-04T10:00');
    const replied = step(paused, 'reporter_reply', 'clarification', 'acknowledged', '2026-03-25T10:00');
    expect(replied.answerDueAt).toBe('2026-04-13T03:00:00.000Z');
    const c = step(replied, 'classify', 'acknowledged', 'acknowledged', '2026-03-26T09:00', 5, 14);
    // 10 paused + 5 = 15 working days from Mon 2 March 10:00 = Mon 30 March 10:00 WIB.
    expect(c.answerDueAt).toBe('2026-03-30T03:00:00.000Z');
    expect(c.dueAt).toBe('2026-03-30T03:00:00.000Z');
  });

  it('during a pause: the new allowance applies when the clock runs again', () => {
    // Paused Wed 4 March 10:00 with 2 of 14 days used (12 left); reclassified to a 5-day class
    // while waiting, 3 days are left. The reply comes Wed 25 10:00 (10 working days paused):
    // Wed 25 + 3 = Mon 30 March 10:00 — the same as reclassifying just after the reply.
    const paused = step(acked, 'request_clarification', 'acknowledged', 'clarification', '2026-03-04T10:00');
    const classified = step(paused, 'classify', 'clarification', 'clarification', '2026-03-05T10:00', 5, 14);
    expect(classified.dueAt).toBeNull();
    const replied = step(classified, 'reporter_reply', 'clarification', 'acknowledged', '2026-03-25T10:00', 5, 5);
    expect(replied.answerDueAt).toBe('2026-03-30T03:00:00.000Z');
    expect(classified.pausedRemainingDays).toBe(3);
  });

  it('once answered, reclassifying does not move the deadlines', () => {
    const d = step(acked, 'draft_answer', 'acknowledged', 'answer_drafted', '2026-03-10T10:00');
    const a = step(d, 'approve_answer', 'answer_drafted', 'answered', '2026-03-10T11:00');
    const c = step(a, 'classify', 'answered', 'answered', '2026-03-11T10:00', 60, 14);
    expect(c).toEqual(a);
  });
});

describe('followUpDue', () => {
  it('a division has 5 working days from the disposition, across Lebaran', () => {
    // Mon 16 March 10:00: Tue 17, Wed 25, Thu 26, Fri 27, Mon 30 at 0.25.
    expect(followUpDue(cal, wib('2026-03-16T10:00'), S).toISOString()).toBe('2026-03-30T03:00:00.000Z');
    // Tue 17 March 14:00: Wed 25 … Tue 31 at 0.75.
    expect(followUpDue(cal, wib('2026-03-17T14:00'), S).toISOString()).toBe('2026-03-31T07:00:00.000Z');
  });

  it('uses the setting, and an after-hours disposition counts from the next opening', () => {
    // Fri 13 March at closing → Mon 16 08:00; one day ends Mon 16 16:00 WIB.
    expect(followUpDue(cal, wib('2026-03-13T15:00'), { ...S, followUpDays: 1 }).toISOString()).toBe('2026-03-16T09:00:00.000Z');
  });
});

describe('timeLeft', () => {
  it('whole and fractional working days ahead', () => {
    expect(timeLeft(cal, wib('2026-03-02T10:00'), new Date('2026-03-03T03:00:00.000Z'))).toEqual({ workingDaysLeft: 1, overdue: false });
    expect(timeLeft(cal, wib('2026-03-02T12:00'), new Date('2026-03-03T03:00:00.000Z'))).toEqual({ workingDaysLeft: 0.75, overdue: false });
    // Fri 6 11:00 (3/7) → Mon 9 10:00 (0.25): 1 + 0.25 − 0.4286 = 0.82.
    expect(timeLeft(cal, wib('2026-03-06T11:00'), new Date('2026-03-09T03:00:00.000Z'))).toEqual({ workingDaysLeft: 0.82, overdue: false });
  });

  it('holidays do not count', () => {
    // Tue 17 March 14:00 → Wed 25 March 14:00 is one working day.
    expect(timeLeft(cal, wib('2026-03-17T14:00'), new Date('2026-03-25T07:00:00.000Z'))).toEqual({ workingDaysLeft: 1, overdue: false });
  });

  it('overdue: negative working days', () => {
    expect(timeLeft(cal, wib('2026-03-04T10:00'), new Date('2026-03-03T03:00:00.000Z'))).toEqual({ workingDaysLeft: -1, overdue: true });
    // Fri 27 12:00 (4/7) against Fri 27 09:45 (0.25): −0.32.
    expect(timeLeft(cal, wib('2026-03-27T12:00'), new Date('2026-03-27T02:45:00.000Z'))).toEqual({ workingDaysLeft: -0.32, overdue: true });
  });

  it('past a deadline at Friday closing but no working time lost yet: 0 left, overdue', () => {
    const r = timeLeft(cal, wib('2026-03-07T10:00'), new Date('2026-03-06T08:00:00.000Z'));
    expect(r.overdue).toBe(true);
    expect(r.workingDaysLeft).toBe(0);
  });

  it('at the deadline itself: 0 left, not overdue', () => {
    expect(timeLeft(cal, new Date('2026-03-27T02:45:00.000Z'), new Date('2026-03-27T02:45:00.000Z'))).toEqual({ workingDaysLeft: 0, overdue: false });
  });
});

describe('SP4N-LAPOR! limits (decision 0030)', () => {
  const lax: DeadlineSettings = { firstResponseDays: 5, followUpDays: 10, autoCloseDays: 10 };

  it("a LAPOR! complaint runs on the stricter of the office's and LAPOR!'s limits", () => {
    expect(deadlineSettingsFor('lapor', lax)).toEqual({ firstResponseDays: 3, followUpDays: 5, autoCloseDays: 10 });
    // The office's SOP (1 working day to respond) is already stricter than LAPOR!'s 3: it stays.
    expect(deadlineSettingsFor('lapor', S)).toEqual(S);
    expect(answerDaysFor('lapor', 90)).toBe(60);
    expect(answerDaysFor('lapor', 14)).toBe(14);
  });

  it('other channels keep the office settings and the class days', () => {
    expect(deadlineSettingsFor('web', lax)).toBe(lax);
    expect(answerDaysFor('letter', 90)).toBe(90);
  });

  it('a LAPOR! complaint received Monday 2 March 10:00 under a lax office setting is due Thursday 5 March 10:00', () => {
    const office = initialClock(cal, wib(RECEIVED), lax, answerDaysFor('web', 90));
    const lapor = initialClock(cal, wib(RECEIVED), deadlineSettingsFor('lapor', lax), answerDaysFor('lapor', 90));
    // Office: 5 working days → Mon 9 March 10:00; LAPOR!: 3 → Thu 5 March 10:00.
    expect(office.firstResponseDueAt).toBe('2026-03-09T03:00:00.000Z');
    expect(lapor.firstResponseDueAt).toBe('2026-03-05T03:00:00.000Z');
    expect(Date.parse(lapor.answerDueAt as string)).toBeLessThan(Date.parse(office.answerDueAt as string));
    // The division's follow-up after a disposition on Tue 3 March 10:00: 5 working days, not 10.
    expect(followUpDue(cal, wib('2026-03-03T10:00'), deadlineSettingsFor('lapor', lax)).toISOString()).toBe('2026-03-10T03:00:00.000Z');
  });
});
