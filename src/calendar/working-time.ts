/**
 * Working-day arithmetic in Asia/Jakarta time (WIB, fixed UTC+7, no daylight saving).
 *
 * Pure: no I/O, no clock. Every instant is handled as epoch milliseconds; a "day" is a
 * Jakarta calendar day identified by its day number (days since 1970-01-01 in Jakarta).
 * The only per-day allocation is the 'YYYY-MM-DD' string needed to look a weekday up in
 * `nonWorkingDates` (weekend days are never looked up).
 */

/** 'HH:MM' local Jakarta time; close is exclusive. */
export interface OfficeHours {
  open: string;
  close: string;
}

/** Index 0 = Sunday … 6 = Saturday (like Date#getUTCDay on the Jakarta-shifted date); null = closed that weekday. */
export type WeeklyOfficeHours = readonly [
  OfficeHours | null,
  OfficeHours | null,
  OfficeHours | null,
  OfficeHours | null,
  OfficeHours | null,
  OfficeHours | null,
  OfficeHours | null,
];

export interface WorkingCalendar {
  officeHours: WeeklyOfficeHours;
  /** Jakarta dates 'YYYY-MM-DD' that are holidays or cuti bersama (non-working). */
  nonWorkingDates: ReadonlySet<string>;
}

/** Mon–Thu 08:00–16:00, Fri 08:00–15:00 (shorter Friday), Saturday and Sunday closed. */
export const DEFAULT_OFFICE_HOURS: WeeklyOfficeHours = Object.freeze([
  null,
  Object.freeze({ open: '08:00', close: '16:00' }),
  Object.freeze({ open: '08:00', close: '16:00' }),
  Object.freeze({ open: '08:00', close: '16:00' }),
  Object.freeze({ open: '08:00', close: '16:00' }),
  Object.freeze({ open: '08:00', close: '15:00' }),
  null,
] as const);

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** WIB = UTC+7. */
const JAKARTA_OFFSET_MS = 7 * 60 * MINUTE_MS;
/** How far ahead to look for the next working day before giving up (~3 years). */
const MAX_SEARCH_DAYS = 1100;
/** Upper bound for addWorkingDays (~40 years of working days) so a bad input cannot spin for minutes. */
const MAX_ADD_DAYS = 10_000;
/** Spans up to this many days are counted day by day; longer spans use whole-week arithmetic. */
const LINEAR_SCAN_MAX_DAYS = 62;

const CLOCK_RE = /^(\d{2}):(\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse and validate 'HH:MM' (00:00–23:59, plus 24:00 for end of day); throws RangeError on bad input. */
export function parseClock(hhmm: string): number {
  const m = typeof hhmm === 'string' ? CLOCK_RE.exec(hhmm) : null;
  if (!m) throw new RangeError(`Invalid clock time ${JSON.stringify(hhmm)}: expected 'HH:MM'`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) {
    throw new RangeError(`Invalid clock time ${JSON.stringify(hhmm)}: out of range`);
  }
  return h * 60 + min;
}

// ---------------------------------------------------------------------------
// Calendar arithmetic on day numbers (Howard Hinnant's civil-date algorithms).

/** Day number (days since 1970-01-01) of a proleptic Gregorian date. */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Date of a day number, packed as year * 10000 + month * 100 + day (year may be negative). */
function civilFromDays(z: number): number {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + (y < 0 ? -1 : 1) * (m * 100 + d);
}

function yearOfPacked(p: number): number {
  return Math.trunc(p / 10000);
}

function formatDay(day: number): string {
  const p = civilFromDays(day);
  const y = yearOfPacked(p);
  const md = Math.abs(p) % 10000;
  const m = Math.floor(md / 100);
  const d = md % 100;
  const ys = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(6, '0');
  return `${ys}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Day number of a strict 'YYYY-MM-DD' date, or NaN when it is not a real date in that exact form. */
function parseDay(date: string): number {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const day = daysFromCivil(y, mo, d);
  // Round trip rejects e.g. 2026-02-30.
  return civilFromDays(day) === y * 10000 + mo * 100 + d ? day : NaN;
}

/** 0 = Sunday … 6 = Saturday; day 0 (1970-01-01) was a Thursday. */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function instantMs(at: Date): number {
  const ms = at instanceof Date ? at.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  return ms;
}

function jakartaDayOf(ms: number): number {
  return Math.floor((ms + JAKARTA_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of `offsetMs` after Jakarta midnight of `day`. */
function msAt(day: number, offsetMs: number): number {
  return day * DAY_MS + offsetMs - JAKARTA_OFFSET_MS;
}

// ---------------------------------------------------------------------------
// A calendar prepared for one call: opening offset and length (ms) per weekday.

interface Prepared {
  /** Opening, ms after Jakarta midnight, per weekday. */
  readonly open: number[];
  /** Office length in ms per weekday; 0 = closed that weekday. */
  readonly len: number[];
  readonly holidays: ReadonlySet<string>;
}

/** Prepared once per calendar: every deadline on an inbox page asks again. Keyed by the hours and holidays objects, which callers replace rather than edit. */
const preparedCache = new WeakMap<WeeklyOfficeHours, { holidays: ReadonlySet<string>; prepared: Prepared }>();

function prepare(cal: WorkingCalendar): Prepared {
  const cached = cal.officeHours ? preparedCache.get(cal.officeHours) : undefined;
  if (cached && cached.holidays === cal.nonWorkingDates) return cached.prepared;
  const prepared = prepareUncached(cal);
  preparedCache.set(cal.officeHours, { holidays: cal.nonWorkingDates, prepared });
  return prepared;
}

function prepareUncached(cal: WorkingCalendar): Prepared {
  const hours = cal.officeHours;
  if (!hours || hours.length !== 7) throw new RangeError('officeHours must list 7 weekdays (Sunday first)');
  const open: number[] = [0, 0, 0, 0, 0, 0, 0];
  const len: number[] = [0, 0, 0, 0, 0, 0, 0];
  let any = false;
  for (let w = 0; w < 7; w++) {
    const h = hours[w];
    if (!h) continue;
    const o = parseClock(h.open);
    const c = parseClock(h.close);
    if (c <= o) throw new RangeError(`Office hours for weekday ${w} close (${h.close}) at or before they open (${h.open})`);
    open[w] = o * MINUTE_MS;
    len[w] = (c - o) * MINUTE_MS;
    any = true;
  }
  if (!any) throw new RangeError('The calendar has no working weekday');
  return { open, len, holidays: cal.nonWorkingDates };
}

function isWorking(p: Prepared, day: number): boolean {
  if (p.len[weekdayOf(day)] === 0) return false;
  return p.holidays.size === 0 || !p.holidays.has(formatDay(day));
}

/** Office length (ms) of `day`, 0 when it is not a working day. */
function lengthOn(p: Prepared, day: number): number {
  return isWorking(p, day) ? (p.len[weekdayOf(day)] as number) : 0;
}

function nextWorkingDay(p: Prepared, day: number): number {
  for (let i = 1; i <= MAX_SEARCH_DAYS; i++) {
    if (isWorking(p, day + i)) return day + i;
  }
  throw new RangeError(`No working day within ${MAX_SEARCH_DAYS} days after ${formatDay(day)}`);
}

/**
 * Sum over the days in [fromDay, toDay) of the office length (weighted) or of 1 (not
 * weighted) for each working day.
 */
function sumWorking(p: Prepared, fromDay: number, toDay: number, weighted: boolean): number {
  if (toDay <= fromDay) return 0;
  let total = 0;
  if (toDay - fromDay <= LINEAR_SCAN_MAX_DAYS) {
    for (let d = fromDay; d < toDay; d++) {
      const l = lengthOn(p, d);
      if (l > 0) total += weighted ? l : 1;
    }
    return total;
  }
  // Whole-week arithmetic, then take out the listed non-working dates that fall in range.
  const firstWeekday = weekdayOf(fromDay);
  for (let w = 0; w < 7; w++) {
    const l = p.len[w] as number;
    if (l === 0) continue;
    const first = fromDay + ((w - firstWeekday + 7) % 7);
    if (first >= toDay) continue;
    const count = Math.floor((toDay - 1 - first) / 7) + 1;
    total += count * (weighted ? l : 1);
  }
  for (const date of p.holidays) {
    const d = parseDay(date);
    // Malformed entries never match a day, exactly as in the day-by-day path.
    if (!(d >= fromDay && d < toDay)) continue;
    const l = p.len[weekdayOf(d)] as number;
    if (l > 0) total -= weighted ? l : 1;
  }
  return total;
}

/** Where the clock stands for an arrival at `ms`: a working day and the ms elapsed since its opening (0 <= offset < length). */
interface Position {
  day: number;
  offset: number;
}

function normalise(p: Prepared, ms: number): Position {
  const day = jakartaDayOf(ms);
  if (isWorking(p, day)) {
    const w = weekdayOf(day);
    const offset = ms - msAt(day, p.open[w] as number);
    if (offset < 0) return { day, offset: 0 };
    if (offset < (p.len[w] as number)) return { day, offset };
  }
  return { day: nextWorkingDay(p, day), offset: 0 };
}

function positionMs(p: Prepared, pos: Position): number {
  return msAt(pos.day, (p.open[weekdayOf(pos.day)] as number) + pos.offset);
}

// ---------------------------------------------------------------------------
// Public API.

/** 'YYYY-MM-DD' of the instant in Jakarta. */
export function jakartaDate(at: Date): string {
  return formatDay(jakartaDayOf(instantMs(at)));
}

/** Calendar year of the instant in Jakarta (e.g. 2026-12-31T17:00Z is already 2027). */
/** The UTC half-open interval [start, end) covering the Jakarta dates `from` to `to`, both included. */
export function jakartaDaysUtc(from: string, to: string): { start: string; end: string } {
  const midnight = (date: string) => Date.parse(`${date}T00:00:00+07:00`);
  return { start: new Date(midnight(from)).toISOString(), end: new Date(midnight(to) + 86_400_000).toISOString() };
}

export function jakartaYear(at: Date): number {
  return yearOfPacked(civilFromDays(jakartaDayOf(instantMs(at))));
}

/** The weekday has office hours and the date is not listed as non-working; throws RangeError on a malformed date. */
export function isWorkingDay(cal: WorkingCalendar, date: string): boolean {
  const day = parseDay(date);
  if (Number.isNaN(day)) throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected 'YYYY-MM-DD'`);
  return cal.officeHours[weekdayOf(day)] != null && !cal.nonWorkingDates.has(date);
}

/**
 * The instant the clock starts for something arriving at `at`: `at` itself when inside
 * office hours of a working day, otherwise the opening of the next working day (arrival
 * exactly at closing time counts as after hours).
 */
export function clockStart(cal: WorkingCalendar, at: Date): Date {
  const p = prepare(cal);
  return new Date(positionMs(p, normalise(p, instantMs(at))));
}

/**
 * Add a (possibly fractional, >= 0) number of working days. Model: a position inside
 * working day D is D + f where f = (t - open(D)) / (close(D) - open(D)) (start is first
 * normalised with clockStart). Result position P = D + f + days; result instant =
 * open(day floor(P)) + frac(P) * length of that day, rounded to the millisecond. If
 * frac(P) is 0 and days > 0, the result is the CLOSING instant of the previous working
 * day instead (so "1 working day" from a 08:00 opening ends at that day's close).
 */
export function addWorkingDays(cal: WorkingCalendar, start: Date, days: number): Date {
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0 || days > MAX_ADD_DAYS) {
    throw new RangeError(`days must be a finite number between 0 and ${MAX_ADD_DAYS}, got ${String(days)}`);
  }
  const p = prepare(cal);
  const pos = normalise(p, instantMs(start));
  if (days === 0) return new Date(positionMs(p, pos));

  const total = pos.offset / (p.len[weekdayOf(pos.day)] as number) + days;
  const whole = Math.floor(total);
  const frac = total - whole;
  let prev = pos.day;
  let day = pos.day;
  for (let i = 0; i < whole; i++) {
    prev = day;
    day = nextWorkingDay(p, day);
  }
  const w = weekdayOf(day);
  const offset = Math.round(frac * (p.len[w] as number));
  // frac(P) = 0 (to the millisecond) lands on an opening: report the previous day's close instead.
  if (offset === 0 && whole >= 1) {
    const pw = weekdayOf(prev);
    return new Date(msAt(prev, (p.open[pw] as number) + (p.len[pw] as number)));
  }
  return new Date(msAt(day, (p.open[w] as number) + offset));
}

/**
 * Working days (fractional, same position model as addWorkingDays) from `from` to `to`;
 * negative when to < from. Both ends are normalised with clockStart, so a closing instant
 * equals the next opening and workingDaysBetween(s, addWorkingDays(s, n)) ≈ n.
 */
export function workingDaysBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  const p = prepare(cal);
  let a = normalise(p, instantMs(from));
  let b = normalise(p, instantMs(to));
  let sign = 1;
  if (b.day < a.day || (b.day === a.day && b.offset < a.offset)) {
    const t = a;
    a = b;
    b = t;
    sign = -1;
  }
  if (a.day === b.day && a.offset === b.offset) return 0;
  const whole = sumWorking(p, a.day, b.day, false);
  const fa = a.offset / (p.len[weekdayOf(a.day)] as number);
  const fb = b.offset / (p.len[weekdayOf(b.day)] as number);
  return sign * (whole + fb - fa);
}

/** Office milliseconds (time inside office hours of working days) between two instants; negative when to < from. */
export function workingMsBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  const p = prepare(cal);
  let a = instantMs(from);
  let b = instantMs(to);
  let sign = 1;
  if (b < a) {
    const t = a;
    a = b;
    b = t;
    sign = -1;
  }
  if (a === b) return 0;
  const dayA = jakartaDayOf(a);
  const dayB = jakartaDayOf(b);
  const total = sumWorking(p, dayA, dayB, true) + officeMsBefore(p, dayB, b) - officeMsBefore(p, dayA, a);
  return total === 0 ? 0 : sign * total;
}

/** Office ms of `day` (its Jakarta day) that lie before the instant `ms`. */
function officeMsBefore(p: Prepared, day: number, ms: number): number {
  const len = lengthOn(p, day);
  if (len === 0) return 0;
  const elapsed = ms - msAt(day, p.open[weekdayOf(day)] as number);
  return elapsed <= 0 ? 0 : elapsed >= len ? len : elapsed;
}
