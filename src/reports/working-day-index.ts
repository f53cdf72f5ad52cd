/**
 * workingDaysBetween for many pairs in one span of dates. Pure.
 *
 * workingDaysBetween(a, b) is (working days in [day(a'), day(b'))) + f(b') − f(a'), a' and b'
 * being a and b moved to the clock's start (calendar/working-time.ts). That is W(b) − W(a) with
 * W(t) = (working days before day(t')) + f(t'), so one table of the span's days gives every
 * pair in constant time instead of a walk over the days of each pair. An instant outside the
 * table falls back to workingDaysBetween itself; the test checks both agree.
 */
import { parseClock, workingDaysBetween, type WorkingCalendar } from '../calendar/working-time.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const JAKARTA_OFFSET_MS = 7 * 60 * MINUTE_MS;
/** Days looked at beyond the span for the next working day after its end (long holidays). */
const LOOKAHEAD_DAYS = 60;

const jakartaDay = (ms: number) => Math.floor((ms + JAKARTA_OFFSET_MS) / DAY_MS);

export class WorkingDayIndex {
  private readonly firstDay: number;
  /** Per day of the table: opening (ms after Jakarta midnight), office length (0 = not working), working days before it, next working day's index. */
  private readonly open: Float64Array;
  private readonly length: Float64Array;
  private readonly before: Float64Array;
  private readonly next: Int32Array;

  constructor(
    private readonly calendar: WorkingCalendar,
    from: Date,
    to: Date,
  ) {
    this.firstDay = jakartaDay(from.getTime());
    const days = Math.max(0, jakartaDay(to.getTime()) - this.firstDay) + 1 + LOOKAHEAD_DAYS;
    this.open = new Float64Array(days);
    this.length = new Float64Array(days);
    this.before = new Float64Array(days);
    this.next = new Int32Array(days).fill(-1);
    const hours = calendar.officeHours.map((h) => (h ? { open: parseClock(h.open) * MINUTE_MS, close: parseClock(h.close) * MINUTE_MS } : null));
    let count = 0;
    for (let i = 0; i < days; i++) {
      const date = new Date((this.firstDay + i) * DAY_MS);
      const h = hours[date.getUTCDay()];
      this.before[i] = count;
      if (h && !calendar.nonWorkingDates.has(date.toISOString().slice(0, 10))) {
        this.open[i] = h.open;
        this.length[i] = h.close - h.open;
        count++;
      }
    }
    let nextWorking = -1;
    for (let i = days - 1; i >= 0; i--) {
      this.next[i] = nextWorking;
      if ((this.length[i] as number) > 0) nextWorking = i;
    }
  }

  /** W(t), or null when t is outside the table. */
  private position(ms: number): number | null {
    const day = jakartaDay(ms);
    const i = day - this.firstDay;
    if (i < 0 || i >= this.length.length) return null;
    const len = this.length[i] as number;
    if (len > 0) {
      const offset = ms - (day * DAY_MS + (this.open[i] as number) - JAKARTA_OFFSET_MS);
      if (offset < 0) return this.before[i] as number;
      if (offset < len) return (this.before[i] as number) + offset / len;
    }
    const j = this.next[i] as number;
    return j < 0 ? null : (this.before[j] as number);
  }

  between(from: Date, to: Date): number {
    const a = this.position(from.getTime());
    const b = this.position(to.getTime());
    return a === null || b === null ? workingDaysBetween(this.calendar, from, to) : b - a;
  }
}
