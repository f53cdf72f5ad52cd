import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS, workingDaysBetween, type WorkingCalendar } from '../calendar/working-time.js';
import { WorkingDayIndex } from './working-day-index.js';

const calendar: WorkingCalendar = {
  officeHours: DEFAULT_OFFICE_HOURS,
  nonWorkingDates: new Set(['2026-03-18', '2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', '2026-05-01', '2026-12-24', '2026-12-25']),
};

describe('the working-day index', () => {
  it('agrees with workingDaysBetween on random pairs, weekends, holidays and after-hours instants', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const span = 365 * 86_400_000;
    const index = new WorkingDayIndex(calendar, new Date(start), new Date(start + span));
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      // Whole minutes, so some land exactly on openings and closings.
      const a = new Date(start + Math.floor((random() * span) / 60_000) * 60_000);
      const b = new Date(a.getTime() + Math.floor((random() * 90 * 86_400_000) / 60_000) * 60_000 * (random() < 0.1 ? -1 : 1));
      expect(index.between(a, b), `${a.toISOString()} → ${b.toISOString()}`).toBeCloseTo(workingDaysBetween(calendar, a, b), 9);
    }
  });

  it('falls back outside its span and handles the edges by hand', () => {
    const index = new WorkingDayIndex(calendar, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-31T00:00:00Z'));
    // Tue 17 Mar 10:00 WIB to Wed 25 Mar 10:00 WIB over Nyepi and Idulfitri leave: Tue 17 only, 1 working day.
    expect(index.between(new Date('2026-03-17T03:00:00Z'), new Date('2026-03-25T03:00:00Z'))).toBeCloseTo(1, 12);
    // Fri 13 Mar 15:00 WIB (closing) equals Mon 16 Mar 08:00: zero.
    expect(index.between(new Date('2026-03-13T08:00:00Z'), new Date('2026-03-16T01:00:00Z'))).toBe(0);
    const outside = [new Date('2025-06-02T03:00:00Z'), new Date('2026-07-01T03:00:00Z')] as const;
    expect(index.between(...outside)).toBe(workingDaysBetween(calendar, ...outside));
  });
});
