import { describe, it, expect } from 'vitest';
import {
  DEFAULT_OFFICE_HOURS,
  addWorkingDays,
  clockStart,
  isWorkingDay,
  jakartaDate,
  jakartaYear,
  parseClock,
  workingDaysBetween,
  workingMsBetween,
  type OfficeHours,
  type WeeklyOfficeHours,
  type WorkingCalendar,
} from './working-time.js';

// Real 2026 Indonesian calendar: SKB 1497/2025, 2/2025, 5/2025.
const NATIONAL_2026 = ['01-01', '01-16', '02-17', '03-19', '03-21', '03-22', '04-03', '04-05', '05-01', '05-14', '05-27', '05-31', '06-01', '06-16', '08-17', '08-25', '12-25'];
const CUTI_BERSAMA_2026 = ['02-16', '03-18', '03-20', '03-23', '03-24', '05-15', '05-28', '12-24'];
const NON_WORKING_2026 = new Set([...NATIONAL_2026, ...CUTI_BERSAMA_2026].map((md) => `2026-${md}`));

const cal: WorkingCalendar = { officeHours: DEFAULT_OFFICE_HOURS, nonWorkingDates: NON_WORKING_2026 };

const HOUR = 3_600_000;

/** An instant written in Jakarta local time, e.g. wib('2026-05-11T08:00'). */
function wib(local: string): Date {
  return new Date(`${local}${local.length === 16 ? ':00' : ''}+07:00`);
}

function iso(d: Date): string {
  return d.toISOString();
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function week(hours: OfficeHours | null, overrides: Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6, OfficeHours | null>> = {}): WeeklyOfficeHours {
  const w = [0, 1, 2, 3, 4, 5, 6].map((i) => (i in overrides ? (overrides[i as 0] ?? null) : hours));
  return w as unknown as WeeklyOfficeHours;
}

// ---------------------------------------------------------------------------
// Independent reference (Date-based, day by day) used only to cross-check long spans.

const REF_HOURS: ReadonlyArray<readonly [number, number] | null> = [null, [8, 16], [8, 16], [8, 16], [8, 16], [8, 15], null];

/** Office ms between two instants (from <= to) in the default calendar with the 2026 holidays. */
function refOfficeMs(from: number, to: number): number {
  let total = 0;
  // Jakarta midnight (as epoch ms) of the day containing `from`.
  let midnight = Math.floor((from + 7 * HOUR) / 86_400_000) * 86_400_000 - 7 * HOUR;
  for (; midnight < to; midnight += 86_400_000) {
    const local = new Date(midnight + 7 * HOUR);
    const hours = REF_HOURS[local.getUTCDay()];
    if (!hours || NON_WORKING_2026.has(local.toISOString().slice(0, 10))) continue;
    const open = midnight + hours[0] * HOUR;
    const close = midnight + hours[1] * HOUR;
    total += Math.max(0, Math.min(close, to) - Math.max(open, from));
  }
  return total;
}

/** Working days in the default 2026 calendar among the Jakarta dates [fromDate, toDate). */
function refWorkingDayCount(fromDate: string, toDate: string): number {
  let n = 0;
  for (let t = Date.parse(`${fromDate}T00:00:00Z`); t < Date.parse(`${toDate}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    if (REF_HOURS[d.getUTCDay()] && !NON_WORKING_2026.has(d.toISOString().slice(0, 10))) n++;
  }
  return n;
}

// ---------------------------------------------------------------------------

describe('parseClock', () => {
  it('parses valid HH:MM into minutes since midnight', () => {
    expect(parseClock('00:00')).toBe(0);
    expect(parseClock('08:00')).toBe(480);
    expect(parseClock('07:30')).toBe(450);
    expect(parseClock('15:00')).toBe(900);
    expect(parseClock('23:59')).toBe(1439);
    expect(parseClock('24:00')).toBe(1440);
  });

  it.each(['8:00', '08:0', '24:01', '25:00', '12:60', '', ' 08:00', '08:00 ', '08.00', '0800', 'ab:cd', '-1:00', '08:00:00', '+8:00', '０８:００'])(
    'rejects %j with RangeError',
    (bad) => {
      expect(() => parseClock(bad)).toThrow(RangeError);
    },
  );

  it('rejects non-strings with RangeError', () => {
    expect(() => parseClock(480 as unknown as string)).toThrow(RangeError);
    expect(() => parseClock(undefined as unknown as string)).toThrow(RangeError);
  });
});

describe('DEFAULT_OFFICE_HOURS', () => {
  it('is Mon–Thu 08:00–16:00, Fri 08:00–15:00, weekend closed', () => {
    expect(DEFAULT_OFFICE_HOURS).toEqual([
      null,
      { open: '08:00', close: '16:00' },
      { open: '08:00', close: '16:00' },
      { open: '08:00', close: '16:00' },
      { open: '08:00', close: '16:00' },
      { open: '08:00', close: '15:00' },
      null,
    ]);
  });

  it('is frozen so callers cannot change the default for everyone', () => {
    expect(Object.isFrozen(DEFAULT_OFFICE_HOURS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_OFFICE_HOURS[1])).toBe(true);
  });
});

describe('jakartaDate / jakartaYear', () => {
  it('uses UTC+7 for the calendar date', () => {
    expect(jakartaDate(new Date('2026-05-10T16:59:59.999Z'))).toBe('2026-05-10');
    expect(jakartaDate(new Date('2026-05-10T17:00:00.000Z'))).toBe('2026-05-11');
    expect(jakartaDate(new Date('2026-05-11T16:59:59.999Z'))).toBe('2026-05-11');
  });

  it('handles leap years, century rules and dates before 1970', () => {
    expect(jakartaDate(new Date('2028-02-28T17:00:00.000Z'))).toBe('2028-02-29');
    expect(jakartaDate(new Date('2100-02-28T17:00:00.000Z'))).toBe('2100-03-01');
    expect(jakartaDate(new Date('2000-02-28T17:00:00.000Z'))).toBe('2000-02-29');
    expect(jakartaDate(new Date('1969-12-31T16:59:59.999Z'))).toBe('1969-12-31');
    expect(jakartaDate(new Date('1969-12-31T17:00:00.000Z'))).toBe('1970-01-01');
  });

  it('agrees with a Date-based conversion over many random instants', () => {
    const r = rng(7);
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor(r() * 8_000_000_000_000) - 2_000_000_000_000; // ~1906..2223
      const expected = new Date(ms + 7 * HOUR).toISOString().slice(0, 10);
      expect(jakartaDate(new Date(ms))).toBe(expected);
      expect(jakartaYear(new Date(ms))).toBe(Number(expected.slice(0, 4)));
    }
  });

  it('switches year at Jakarta midnight, 17:00Z on 31 December', () => {
    expect(jakartaYear(new Date('2026-12-31T16:59:59.999Z'))).toBe(2026);
    expect(jakartaYear(new Date('2026-12-31T17:00:00.000Z'))).toBe(2027);
  });

  it('rejects an invalid Date', () => {
    expect(() => jakartaDate(new Date('nope'))).toThrow(RangeError);
    expect(() => jakartaYear(new Date(NaN))).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('knows weekdays, weekends, holidays and cuti bersama', () => {
    expect(isWorkingDay(cal, '2026-05-13')).toBe(true); // Wednesday
    expect(isWorkingDay(cal, '2026-05-14')).toBe(false); // Thursday, Kenaikan Yesus Kristus
    expect(isWorkingDay(cal, '2026-05-15')).toBe(false); // Friday, cuti bersama
    expect(isWorkingDay(cal, '2026-05-16')).toBe(false); // Saturday
    expect(isWorkingDay(cal, '2026-05-17')).toBe(false); // Sunday
    expect(isWorkingDay(cal, '2026-05-08')).toBe(true); // Friday
    expect(isWorkingDay(cal, '2026-03-21')).toBe(false); // holiday on a Saturday
    expect(isWorkingDay(cal, '2026-02-16')).toBe(false); // cuti bersama Monday
    expect(isWorkingDay(cal, '2026-03-25')).toBe(true); // first day back after Idulfitri
  });

  it.each(['2026-02-30', '2026-13-01', '2026-00-10', '2026-5-14', '2026-05-14T00:00', '', '14-05-2026'])('rejects %j with RangeError', (bad) => {
    expect(() => isWorkingDay(cal, bad)).toThrow(RangeError);
  });
});

describe('clockStart', () => {
  const cases: Array<[string, Date, string]> = [
    ['inside office hours: unchanged', wib('2026-05-11T10:00'), '2026-05-11T03:00:00.000Z'],
    ['before opening: same day opening', wib('2026-05-11T07:00'), '2026-05-11T01:00:00.000Z'],
    ['one ms before opening', new Date('2026-05-11T00:59:59.999Z'), '2026-05-11T01:00:00.000Z'],
    ['exactly at opening: unchanged', new Date('2026-05-11T01:00:00.000Z'), '2026-05-11T01:00:00.000Z'],
    ['exactly at closing 16:00 Mon: next working day', new Date('2026-05-11T09:00:00.000Z'), '2026-05-12T01:00:00.000Z'],
    ['one ms before closing Mon: same instant', new Date('2026-05-11T08:59:59.999Z'), '2026-05-11T08:59:59.999Z'],
    ['exactly at closing 16:00 Thu: next day (Friday)', new Date('2026-05-07T09:00:00.000Z'), '2026-05-08T01:00:00.000Z'],
    ['shorter Friday: exactly 15:00 is after hours', new Date('2026-05-08T08:00:00.000Z'), '2026-05-11T01:00:00.000Z'],
    ['shorter Friday: 14:59:59.999 is inside', new Date('2026-05-08T07:59:59.999Z'), '2026-05-08T07:59:59.999Z'],
    ['shorter Friday: 15:30 is after hours', wib('2026-05-08T15:30'), '2026-05-11T01:00:00.000Z'],
    ['Saturday', wib('2026-05-09T10:00'), '2026-05-11T01:00:00.000Z'],
    ['last ms of Sunday', new Date('2026-05-10T16:59:59.999Z'), '2026-05-11T01:00:00.000Z'],
    ['Mon 00:30 WIB is still Sunday in UTC', new Date('2026-05-10T17:30:00.000Z'), '2026-05-11T01:00:00.000Z'],
    ['Tue 00:30 WIB is still Monday in UTC', new Date('2026-05-11T17:30:00.000Z'), '2026-05-12T01:00:00.000Z'],
    ['Wed after hours before Thu holiday + Fri cuti bersama', wib('2026-05-13T17:00'), '2026-05-18T01:00:00.000Z'],
    ['Wed exactly at close before the long weekend', new Date('2026-05-13T09:00:00.000Z'), '2026-05-18T01:00:00.000Z'],
    ['during office hours on a holiday', wib('2026-05-14T10:00'), '2026-05-18T01:00:00.000Z'],
    ['Friday evening before Mon cuti + Tue holiday', wib('2026-02-13T18:00'), '2026-02-18T01:00:00.000Z'],
    ['Friday during hours before that long weekend', wib('2026-02-13T14:00'), '2026-02-13T07:00:00.000Z'],
    ['Tue evening before Idulfitri (18–24 March closed)', wib('2026-03-17T16:00'), '2026-03-25T01:00:00.000Z'],
    ['Wed evening before 24 Dec cuti + Christmas', wib('2026-12-23T16:30'), '2026-12-28T01:00:00.000Z'],
    ['New Year’s Eve: 1 January 2026 is a holiday', wib('2025-12-31T20:00'), '2026-01-02T01:00:00.000Z'],
  ];
  it.each(cases)('%s', (_name, at, expected) => {
    expect(iso(clockStart(cal, at))).toBe(expected);
  });

  it('returns a new Date, never the argument', () => {
    const at = wib('2026-05-11T10:00');
    const out = clockStart(cal, at);
    expect(out).not.toBe(at);
    expect(out.getTime()).toBe(at.getTime());
  });

  it('honours office hours that are not on the hour', () => {
    const c: WorkingCalendar = { officeHours: week(null, { 1: { open: '07:30', close: '16:30' } }), nonWorkingDates: new Set() };
    expect(iso(clockStart(c, wib('2026-05-11T07:29')))).toBe('2026-05-11T00:30:00.000Z');
    expect(iso(clockStart(c, wib('2026-05-11T16:29')))).toBe('2026-05-11T09:29:00.000Z');
    expect(iso(clockStart(c, wib('2026-05-11T16:30')))).toBe('2026-05-18T00:30:00.000Z');
  });

  it('reads the calendar on every call (no stale cache)', () => {
    const dates = new Set<string>();
    const c: WorkingCalendar = { officeHours: DEFAULT_OFFICE_HOURS, nonWorkingDates: dates };
    expect(iso(clockStart(c, wib('2026-05-11T07:00')))).toBe('2026-05-11T01:00:00.000Z');
    dates.add('2026-05-11');
    expect(iso(clockStart(c, wib('2026-05-11T07:00')))).toBe('2026-05-12T01:00:00.000Z');
  });
});

describe('addWorkingDays', () => {
  it('Wed after hours before a long weekend: starts Mon 08:00, 1 day due Mon 16:00', () => {
    expect(iso(addWorkingDays(cal, wib('2026-05-13T17:00'), 1))).toBe('2026-05-18T09:00:00.000Z');
  });

  it('Friday evening before Mon cuti bersama + Tue holiday: 1 day due Wed 16:00', () => {
    expect(iso(addWorkingDays(cal, wib('2026-02-13T18:00'), 1))).toBe('2026-02-18T09:00:00.000Z');
  });

  it('across Idulfitri 2026 (18–24 March closed)', () => {
    const received = wib('2026-03-17T10:00');
    // Working days: Tue 17 (start), Wed 25, Thu 26, Fri 27, Mon 30, Tue 31.
    expect(iso(addWorkingDays(cal, received, 1))).toBe('2026-03-25T03:00:00.000Z');
    expect(iso(addWorkingDays(cal, received, 5))).toBe('2026-03-31T03:00:00.000Z');
    expect(workingDaysBetween(cal, received, new Date('2026-03-31T03:00:00.000Z'))).toBeCloseTo(5, 12);
    // From Monday 16 March opening, 3 days end at the close of Wed 25 March.
    expect(iso(addWorkingDays(cal, wib('2026-03-16T08:00'), 3))).toBe('2026-03-25T09:00:00.000Z');
  });

  it('whole days from an opening end at a closing, not at the next opening', () => {
    expect(iso(addWorkingDays(cal, wib('2026-05-11T08:00'), 1))).toBe('2026-05-11T09:00:00.000Z');
    expect(iso(addWorkingDays(cal, wib('2026-05-11T08:00'), 2))).toBe('2026-05-12T09:00:00.000Z');
    expect(iso(addWorkingDays(cal, wib('2026-05-07T08:00'), 1))).toBe('2026-05-07T09:00:00.000Z');
    // Start before opening normalises to the opening first.
    expect(iso(addWorkingDays(cal, wib('2026-05-11T06:00'), 1))).toBe('2026-05-11T09:00:00.000Z');
  });

  it('arrival exactly at closing counts from the next opening', () => {
    expect(iso(addWorkingDays(cal, new Date('2026-05-11T09:00:00.000Z'), 1))).toBe('2026-05-12T09:00:00.000Z');
    expect(iso(addWorkingDays(cal, new Date('2026-05-11T08:59:59.999Z'), 1))).toBe('2026-05-12T08:59:59.999Z');
  });

  it('arrival during the weekend', () => {
    expect(iso(addWorkingDays(cal, wib('2026-05-09T11:00'), 1))).toBe('2026-05-11T09:00:00.000Z');
    expect(iso(addWorkingDays(cal, wib('2026-05-10T23:00'), 2))).toBe('2026-05-12T09:00:00.000Z');
  });

  it('shorter Friday: fractions scale to each day’s own length', () => {
    // Thu 12:00 is half of Thursday; one day later is half of Friday's 7 h: 11:30.
    expect(iso(addWorkingDays(cal, wib('2026-05-07T12:00'), 1))).toBe('2026-05-08T04:30:00.000Z');
    // A whole Friday ends at 15:00.
    expect(iso(addWorkingDays(cal, wib('2026-05-08T08:00'), 1))).toBe('2026-05-08T08:00:00.000Z');
    // Fri 11:30 (half of Friday) + 1 = half of Monday = 12:00.
    expect(iso(addWorkingDays(cal, wib('2026-05-08T11:30'), 1))).toBe('2026-05-11T05:00:00.000Z');
    // Fri 12:00 is 4/7; + 0.5 = 15/14 → Monday + 8 h / 14 = 34 min 17.142857 s → rounded to the ms.
    expect(iso(addWorkingDays(cal, wib('2026-05-08T12:00'), 0.5))).toBe('2026-05-11T01:34:17.143Z');
  });

  it('fractional days', () => {
    expect(iso(addWorkingDays(cal, wib('2026-05-11T08:00'), 0.5))).toBe('2026-05-11T05:00:00.000Z');
    expect(iso(addWorkingDays(cal, wib('2026-05-11T08:00'), 0.25))).toBe('2026-05-11T03:00:00.000Z');
    expect(iso(addWorkingDays(cal, wib('2026-05-11T08:00'), 1 / 3))).toBe('2026-05-11T03:40:00.000Z');
    // Landing exactly on a day boundary gives the close of the earlier day.
    expect(iso(addWorkingDays(cal, wib('2026-05-11T12:00'), 0.5))).toBe('2026-05-11T09:00:00.000Z');
    expect(iso(addWorkingDays(cal, wib('2026-05-11T12:00'), 0.75))).toBe('2026-05-12T03:00:00.000Z');
    expect(iso(addWorkingDays(cal, wib('2026-05-13T12:00'), 0.5))).toBe('2026-05-13T09:00:00.000Z');
    expect(iso(addWorkingDays(cal, wib('2026-05-13T12:00'), 0.75))).toBe('2026-05-18T03:00:00.000Z');
    expect(iso(addWorkingDays(cal, wib('2026-05-13T12:00'), 1))).toBe('2026-05-18T05:00:00.000Z');
    expect(iso(addWorkingDays(cal, wib('2026-05-11T08:00'), 2.5))).toBe('2026-05-13T05:00:00.000Z');
  });

  it('0 days is clockStart (an opening, never the previous close)', () => {
    expect(iso(addWorkingDays(cal, wib('2026-05-11T10:00'), 0))).toBe('2026-05-11T03:00:00.000Z');
    expect(iso(addWorkingDays(cal, wib('2026-05-11T08:00'), 0))).toBe('2026-05-11T01:00:00.000Z');
    expect(iso(addWorkingDays(cal, wib('2026-05-13T17:00'), 0))).toBe('2026-05-18T01:00:00.000Z');
  });

  it('longer periods over several holidays', () => {
    // From Mon 25 May 08:00: Mon 25, Tue 26, [27 hol, 28 cuti], Fri 29, [1 Jun hol], Tue 2 … Wed 10 June is the 10th.
    expect(iso(addWorkingDays(cal, wib('2026-05-25T08:00'), 10))).toBe('2026-06-10T09:00:00.000Z');
    // Year end: Wed 23 Dec, [24 cuti, 25 hol], Mon 28, Tue 29.
    expect(iso(addWorkingDays(cal, wib('2026-12-23T10:00'), 2))).toBe('2026-12-29T03:00:00.000Z');
    // The 240 working days of 2026 end at the close of Thu 31 December.
    expect(iso(addWorkingDays(cal, wib('2026-01-01T00:00'), 240))).toBe('2026-12-31T09:00:00.000Z');
  });

  it('uses only the dates it is given: 2027 holidays must be in the set', () => {
    expect(iso(addWorkingDays(cal, wib('2026-12-30T10:00'), 2))).toBe('2027-01-01T02:45:00.000Z'); // Fri 1 Jan 2027, a quarter of 7 h
    const with2027: WorkingCalendar = { officeHours: DEFAULT_OFFICE_HOURS, nonWorkingDates: new Set([...NON_WORKING_2026, '2027-01-01']) };
    expect(iso(addWorkingDays(with2027, wib('2026-12-30T10:00'), 2))).toBe('2027-01-04T03:00:00.000Z');
  });

  it('works with a round-the-clock calendar (24:00 close)', () => {
    const allDay: WorkingCalendar = { officeHours: week({ open: '00:00', close: '24:00' }), nonWorkingDates: new Set() };
    expect(iso(addWorkingDays(allDay, wib('2026-05-11T10:00'), 3))).toBe('2026-05-14T03:00:00.000Z');
    expect(iso(addWorkingDays(allDay, wib('2026-05-11T00:00'), 1))).toBe('2026-05-11T17:00:00.000Z');
    expect(iso(clockStart(allDay, wib('2026-05-11T23:59')))).toBe('2026-05-11T16:59:00.000Z');
  });

  it.each([-1, -0.0001, NaN, Infinity, -Infinity, 10_001])('rejects days = %s with RangeError', (days) => {
    expect(() => addWorkingDays(cal, wib('2026-05-11T10:00'), days)).toThrow(RangeError);
  });

  it('rejects an invalid start', () => {
    expect(() => addWorkingDays(cal, new Date('garbage'), 1)).toThrow(RangeError);
  });
});

describe('pause and resume across holidays', () => {
  it('pause before the Ascension long weekend, resume after it', () => {
    const received = wib('2026-05-11T09:00');
    const due = addWorkingDays(cal, received, 5);
    // Mon 11, Tue 12, Wed 13, [Thu 14 holiday, Fri 15 cuti], Mon 18, Tue 19, Wed 20.
    expect(iso(due)).toBe('2026-05-20T02:00:00.000Z');

    const pauseAt = wib('2026-05-13T10:00');
    const remaining = workingDaysBetween(cal, pauseAt, due);
    expect(remaining).toBeCloseTo(2.875, 12); // Wed 13 from 10:00 (0.75) + Mon 18 + Tue 19 + Wed 20 until 09:00 (0.125)

    // Resumed Mon 10:00: 6 office hours of Wednesday and 2 of Monday were paused = 1 working day later.
    expect(iso(addWorkingDays(cal, wib('2026-05-18T10:00'), remaining))).toBe('2026-05-21T02:00:00.000Z');
    expect(workingMsBetween(cal, pauseAt, wib('2026-05-18T10:00'))).toBe(8 * HOUR);

    // Resumed on the cuti bersama day itself: the clock restarts Monday 08:00; only Wednesday's 6 h were lost.
    expect(iso(addWorkingDays(cal, wib('2026-05-15T10:00'), remaining))).toBe('2026-05-20T08:00:00.000Z');
  });

  it('pause spanning Idulfitri', () => {
    const received = wib('2026-03-16T10:00');
    const due = addWorkingDays(cal, received, 5);
    // Mon 16, Tue 17, [18–24 closed], Wed 25, Thu 26, Fri 27, Mon 30.
    expect(iso(due)).toBe('2026-03-30T03:00:00.000Z');

    const pauseAt = wib('2026-03-17T14:00');
    const remaining = workingDaysBetween(cal, pauseAt, due);
    expect(remaining).toBeCloseTo(3.5, 12);

    // Resumed Wed 25 at 12:00: 0.5 + 3.5 = 4 whole days → close of Mon 30 March.
    expect(iso(addWorkingDays(cal, wib('2026-03-25T12:00'), remaining))).toBe('2026-03-30T09:00:00.000Z');
  });
});

describe('workingDaysBetween', () => {
  it('counts whole and fractional days', () => {
    expect(workingDaysBetween(cal, wib('2026-05-11T08:00'), wib('2026-05-11T16:00'))).toBe(1);
    expect(workingDaysBetween(cal, wib('2026-05-11T08:00'), wib('2026-05-12T08:00'))).toBe(1);
    expect(workingDaysBetween(cal, wib('2026-05-11T08:00'), wib('2026-05-11T12:00'))).toBe(0.5);
    expect(workingDaysBetween(cal, wib('2026-05-08T08:00'), wib('2026-05-08T15:00'))).toBe(1);
    expect(workingDaysBetween(cal, wib('2026-05-08T12:00'), wib('2026-05-11T12:00'))).toBeCloseTo(1 + 0.5 - 4 / 7, 12);
  });

  it('is negative when to < from', () => {
    expect(workingDaysBetween(cal, wib('2026-05-11T16:00'), wib('2026-05-11T08:00'))).toBe(-1);
    expect(workingDaysBetween(cal, wib('2026-03-31T10:00'), wib('2026-03-17T10:00'))).toBeCloseTo(-5, 12);
  });

  it('is 0 between instants that normalise to the same opening', () => {
    expect(workingDaysBetween(cal, wib('2026-05-09T10:00'), wib('2026-05-10T22:00'))).toBe(0);
    expect(workingDaysBetween(cal, wib('2026-05-13T17:00'), wib('2026-05-18T08:00'))).toBe(0);
    expect(workingDaysBetween(cal, wib('2026-05-13T16:00'), wib('2026-05-15T10:00'))).toBe(0);
  });

  it('counts the 240 working days of 2026 (long span)', () => {
    expect(workingDaysBetween(cal, wib('2026-01-01T00:00'), wib('2027-01-01T00:00'))).toBe(240);
    expect(workingDaysBetween(cal, wib('2027-01-01T00:00'), wib('2026-01-01T00:00'))).toBe(-240);
  });

  it('agrees with a day-by-day reference for short and long spans', () => {
    const r = rng(11);
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 300; i++) {
      const a = new Date(base + Math.floor(r() * 365) * 86_400_000);
      const b = new Date(a.getTime() + Math.floor(r() * (i % 2 === 0 ? 40 : 365)) * 86_400_000);
      const from = a.toISOString().slice(0, 10);
      const to = b.toISOString().slice(0, 10);
      // Both at 07:00 WIB, before opening: position = opening of the first working day on or after.
      expect(workingDaysBetween(cal, wib(`${from}T07:00`), wib(`${to}T07:00`))).toBe(refWorkingDayCount(from, to));
    }
  });

  it('is additive: between(a, b) + between(b, c) = between(a, c)', () => {
    const r = rng(5);
    const base = wib('2025-12-20T00:00').getTime();
    const span = 400 * 86_400_000;
    for (let i = 0; i < 500; i++) {
      const [a, b, c] = [r(), r(), r()].map((x) => new Date(base + Math.floor(x * span))) as [Date, Date, Date];
      const sum = workingDaysBetween(cal, a, b) + workingDaysBetween(cal, b, c);
      expect(Math.abs(sum - workingDaysBetween(cal, a, c))).toBeLessThan(1e-9);
      expect(workingDaysBetween(cal, b, a) + workingDaysBetween(cal, a, b)).toBe(0);
    }
  });
});

describe('inverse property', () => {
  const r = rng(20260317);
  const firstDay = Date.parse('2025-12-20T00:00:00Z');

  it('workingDaysBetween(s, addWorkingDays(s, n)) === n within 1e-9 when the result is representable in ms', () => {
    // Dates carry whole milliseconds, so the 1e-9 contract can only hold when the exact result
    // is a whole ms. With 8 h and 7 h days that is the case for n in steps of 1/3600 day
    // (8 s / 7 s) and starts whose offset from 08:00 is a multiple of 7 minutes.
    for (let i = 0; i < 3000; i++) {
      const day = firstDay + Math.floor(r() * 400) * 86_400_000;
      const minutes = 8 * 60 + 7 * (Math.floor(r() * 140) - 60); // 01:00 … 17:13 WIB, inside and outside hours
      const s = new Date(day - 7 * HOUR + minutes * 60_000);
      const n = Math.floor(r() * 3600 * 30) / 3600;
      const due = addWorkingDays(cal, s, n);
      expect(due.getTime()).toBeGreaterThanOrEqual(clockStart(cal, s).getTime());
      const back = workingDaysBetween(cal, s, due);
      expect(Math.abs(back - n), `s=${s.toISOString()} n=${n} due=${due.toISOString()}`).toBeLessThan(1e-9);
    }
  });

  it('for arbitrary instants and real n the error is at most the 0.5 ms rounding of the result', () => {
    const shortestDayMs = 7 * HOUR;
    for (let i = 0; i < 3000; i++) {
      const s = new Date(firstDay + Math.floor(r() * 400 * 86_400_000));
      const n = r() * (i % 10 === 0 ? 300 : 20);
      const due = addWorkingDays(cal, s, n);
      const back = workingDaysBetween(cal, s, due);
      expect(Math.abs(back - n)).toBeLessThanOrEqual(0.5 / shortestDayMs + 1e-12);
      // Adding the measured distance again lands on the very same millisecond.
      expect(addWorkingDays(cal, s, back).getTime()).toBe(due.getTime());
    }
  });

  it('addWorkingDays(s, workingDaysBetween(s, t)) reaches t (up to closing ≡ next opening)', () => {
    for (let i = 0; i < 3000; i++) {
      const x = firstDay + Math.floor(r() * 400 * 86_400_000);
      const y = firstDay + Math.floor(r() * 400 * 86_400_000);
      const [s, t] = [new Date(Math.min(x, y)), new Date(Math.max(x, y))];
      const back = addWorkingDays(cal, s, workingDaysBetween(cal, s, t));
      expect(clockStart(cal, back).getTime()).toBe(clockStart(cal, t).getTime());
    }
  });
});

describe('workingMsBetween', () => {
  it('counts only office time of working days', () => {
    expect(workingMsBetween(cal, wib('2026-05-11T07:00'), wib('2026-05-11T17:00'))).toBe(8 * HOUR);
    expect(workingMsBetween(cal, wib('2026-05-11T10:00'), wib('2026-05-11T12:30'))).toBe(2.5 * HOUR);
    expect(workingMsBetween(cal, wib('2026-05-08T00:00'), wib('2026-05-09T00:00'))).toBe(7 * HOUR); // Friday
    expect(workingMsBetween(cal, wib('2026-05-09T00:00'), wib('2026-05-11T00:00'))).toBe(0); // weekend
    expect(workingMsBetween(cal, wib('2026-05-14T00:00'), wib('2026-05-18T00:00'))).toBe(0); // holiday + cuti + weekend
    expect(workingMsBetween(cal, wib('2026-05-13T10:00'), wib('2026-05-18T10:00'))).toBe(8 * HOUR);
    expect(workingMsBetween(cal, wib('2026-03-17T10:00'), wib('2026-03-25T10:00'))).toBe(8 * HOUR); // Idulfitri
    expect(workingMsBetween(cal, new Date('2026-05-11T03:00:00.000Z'), new Date('2026-05-11T03:00:00.001Z'))).toBe(1);
  });

  it('treats the closing instant as exclusive and the edges exactly', () => {
    expect(workingMsBetween(cal, new Date('2026-05-11T09:00:00.000Z'), new Date('2026-05-12T01:00:00.000Z'))).toBe(0);
    expect(workingMsBetween(cal, new Date('2026-05-11T08:59:59.999Z'), new Date('2026-05-12T01:00:00.001Z'))).toBe(2);
  });

  it('is negative when to < from and 0 for equal instants', () => {
    expect(workingMsBetween(cal, wib('2026-05-11T17:00'), wib('2026-05-11T07:00'))).toBe(-8 * HOUR);
    expect(workingMsBetween(cal, wib('2026-05-11T10:00'), wib('2026-05-11T10:00'))).toBe(0);
    // Never -0 (toBe uses Object.is).
    expect(workingMsBetween(cal, wib('2026-05-11T00:00'), wib('2026-05-09T00:00'))).toBe(0);
    expect(workingDaysBetween(cal, wib('2026-05-10T00:00'), wib('2026-05-09T00:00'))).toBe(0);
  });

  it('counts the office hours of 2026: 1874 h', () => {
    expect(workingMsBetween(cal, wib('2026-01-01T00:00'), wib('2027-01-01T00:00'))).toBe(1874 * HOUR);
  });

  it('agrees with a day-by-day reference over random short and long spans', () => {
    const r = rng(99);
    const base = Date.parse('2025-12-25T00:00:00Z');
    for (let i = 0; i < 1000; i++) {
      const a = base + Math.floor(r() * 380 * 86_400_000);
      const b = a + Math.floor(r() * (i % 2 === 0 ? 20 : 380) * 86_400_000);
      expect(workingMsBetween(cal, new Date(a), new Date(b))).toBe(refOfficeMs(a, b));
      expect(workingMsBetween(cal, new Date(b), new Date(a))).toBe(0 - refOfficeMs(a, b));
    }
  });
});

describe('robustness', () => {
  const noDays: WorkingCalendar = { officeHours: week(null), nonWorkingDates: new Set() };

  it('a calendar with no working weekday throws RangeError instead of looping', () => {
    const at = wib('2026-05-11T10:00');
    expect(() => clockStart(noDays, at)).toThrow(RangeError);
    expect(() => addWorkingDays(noDays, at, 1)).toThrow(RangeError);
    expect(() => workingDaysBetween(noDays, at, at)).toThrow(RangeError);
    expect(() => workingMsBetween(noDays, at, at)).toThrow(RangeError);
    expect(isWorkingDay(noDays, '2026-05-11')).toBe(false);
  });

  it('gives up with RangeError after ~3 years without a working day', () => {
    const mondays = new Set<string>();
    for (let t = Date.parse('2026-01-05T00:00:00Z'); t < Date.parse('2031-01-01T00:00:00Z'); t += 7 * 86_400_000) {
      mondays.add(new Date(t).toISOString().slice(0, 10));
    }
    const mondayOnly: WorkingCalendar = { officeHours: week(null, { 1: { open: '08:00', close: '16:00' } }), nonWorkingDates: mondays };
    expect(() => clockStart(mondayOnly, wib('2026-01-01T10:00'))).toThrow(RangeError);
    expect(() => addWorkingDays(mondayOnly, wib('2026-01-01T10:00'), 1)).toThrow(RangeError);
  });

  it('still finds a working day two years ahead', () => {
    const mondays = new Set<string>();
    for (let t = Date.parse('2026-01-05T00:00:00Z'); t <= Date.parse('2027-12-27T00:00:00Z'); t += 7 * 86_400_000) {
      mondays.add(new Date(t).toISOString().slice(0, 10));
    }
    const mondayOnly: WorkingCalendar = { officeHours: week(null, { 1: { open: '08:00', close: '16:00' } }), nonWorkingDates: mondays };
    expect(iso(clockStart(mondayOnly, wib('2026-01-01T10:00')))).toBe('2028-01-03T01:00:00.000Z');
  });

  it('rejects office hours that close at or before they open, or are malformed', () => {
    const at = wib('2026-05-11T10:00');
    const backwards: WorkingCalendar = { officeHours: week(null, { 1: { open: '16:00', close: '08:00' } }), nonWorkingDates: new Set() };
    const empty: WorkingCalendar = { officeHours: week(null, { 1: { open: '08:00', close: '08:00' } }), nonWorkingDates: new Set() };
    const malformed: WorkingCalendar = { officeHours: week(null, { 1: { open: '8am', close: '16:00' } }), nonWorkingDates: new Set() };
    for (const c of [backwards, empty, malformed]) {
      expect(() => clockStart(c, at)).toThrow(RangeError);
      expect(() => addWorkingDays(c, at, 1)).toThrow(RangeError);
      expect(() => workingDaysBetween(c, at, at)).toThrow(RangeError);
      expect(() => workingMsBetween(c, at, at)).toThrow(RangeError);
    }
  });

  it('ignores malformed entries in nonWorkingDates the same way for short and long spans', () => {
    const c: WorkingCalendar = { officeHours: DEFAULT_OFFICE_HOURS, nonWorkingDates: new Set(['2026-5-14', '2026-02-30', 'libur', '2026-05-15']) };
    // Only 2026-05-15 takes effect: Thu 14 May is a working day here.
    expect(workingMsBetween(c, wib('2026-05-11T00:00'), wib('2026-05-18T00:00'))).toBe(32 * HOUR);
    // Long span through the fast path: 2026 weekdays (261 = 209 × 8 h + 52 × 7 h) minus Friday 15 May.
    expect(workingMsBetween(c, wib('2026-01-01T00:00'), wib('2027-01-01T00:00'))).toBe((209 * 8 + 52 * 7 - 7) * HOUR);
  });

  it('handles the largest allowed addition without hanging', () => {
    const due = addWorkingDays(cal, wib('2026-01-01T00:00'), 10_000);
    expect(due.getTime()).toBeGreaterThan(Date.parse('2060-01-01T00:00:00Z'));
  });
});
