import { describe, expect, it } from 'vitest';
import { jakartaDaysUtc } from '../calendar/working-time.js';
import { monthLabel, monthsOf, namedPeriod, periodLabel, periodOf, previousPeriod } from './period.js';

describe('recap periods', () => {
  it('recognises months, quarters and years and compares with the one before', () => {
    expect(periodOf('2026-03-01', '2026-03-31').kind).toBe('month');
    expect(previousPeriod(periodOf('2026-03-01', '2026-03-31'))).toEqual({ from: '2026-02-01', to: '2026-02-28', kind: 'month' });
    expect(previousPeriod(periodOf('2026-01-01', '2026-01-31'))).toEqual({ from: '2025-12-01', to: '2025-12-31', kind: 'month' });
    expect(previousPeriod(periodOf('2026-01-01', '2026-03-31'))).toEqual({ from: '2025-10-01', to: '2025-12-31', kind: 'quarter' });
    expect(previousPeriod(periodOf('2026-04-01', '2026-06-30'))).toEqual({ from: '2026-01-01', to: '2026-03-31', kind: 'quarter' });
    expect(previousPeriod(periodOf('2024-01-01', '2024-12-31'))).toEqual({ from: '2023-01-01', to: '2023-12-31', kind: 'year' });
    expect(previousPeriod(periodOf('2026-03-10', '2026-03-16'))).toEqual({ from: '2026-03-03', to: '2026-03-09', kind: 'range' });
  });

  it('reads named periods and labels them in Indonesian', () => {
    expect(namedPeriod('2026-Q2')).toEqual({ from: '2026-04-01', to: '2026-06-30', kind: 'quarter' });
    expect(namedPeriod('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29', kind: 'month' });
    expect(namedPeriod('2026-13')).toBeNull();
    // Year 9999's last quarter would end in year 10000, which no date can hold.
    expect(namedPeriod('9999-Q4')).toBeNull();
    expect(namedPeriod('0000')).toBeNull();
    expect(periodLabel(namedPeriod('2026-Q2')!)).toBe('Triwulan II 2026');
    expect(periodLabel(namedPeriod('2026-03')!)).toBe('Maret 2026');
    expect(periodLabel(periodOf('2026-03-10', '2026-03-16'))).toBe('10 Maret 2026 – 16 Maret 2026');
  });

  it('names months in Indonesian and lists every month a period touches, across the year end', () => {
    expect(monthLabel('2026-06')).toBe('Juni 2026');
    expect(monthsOf({ from: '2026-11-15', to: '2027-02-01' })).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsOf(namedPeriod('2026')!)).toHaveLength(12);
    expect(monthsOf(namedPeriod('2026-03')!)).toEqual(['2026-03']);
  });

  it('turns Jakarta dates into UTC bounds', () => {
    expect(jakartaDaysUtc('2026-03-01', '2026-03-31')).toEqual({ start: '2026-02-28T17:00:00.000Z', end: '2026-03-31T17:00:00.000Z' });
  });
});
