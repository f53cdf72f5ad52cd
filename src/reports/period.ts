/**
 * Recap periods: Jakarta calendar dates, inclusive at both ends, and the period before. Pure.
 */

import { yearInRange } from '../shared/dates.js';

const DAY_MS = 86_400_000;

export interface Period {
  /** First Jakarta date, 'YYYY-MM-DD'. */
  from: string;
  /** Last Jakarta date, inclusive. */
  to: string;
  kind: 'month' | 'quarter' | 'year' | 'range';
}

const toDay = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const fromDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');

/** Last date of a month, 'YYYY-MM-DD'. */
export function lastOfMonth(year: number, month: number): string {
  return fromDay(toDay(`${month === 12 ? year + 1 : year}-${pad(month === 12 ? 1 : month + 1)}-01`) - 1);
}

/** Whether the range is exactly a calendar month, quarter or year. */
export function classify(from: string, to: string): Period['kind'] {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  if (d !== 1) return 'range';
  if (m === 1 && to === `${y}-12-31`) return 'year';
  if (to === lastOfMonth(y, m)) return 'month';
  if ((m - 1) % 3 === 0 && to === lastOfMonth(y, m + 2)) return 'quarter';
  return 'range';
}

export function periodOf(from: string, to: string): Period {
  return { from, to, kind: classify(from, to) };
}

/** 'YYYY', 'YYYY-Qn' or 'YYYY-MM' as a period; null for another shape or a year outside YEARS (year 9999's last quarter ends in 10000). */
export function namedPeriod(name: string): Period | null {
  if (!yearInRange(Number(name.slice(0, 4)))) return null;
  let m = /^(\d{4})$/.exec(name);
  if (m) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31`, kind: 'year' };
  m = /^(\d{4})-Q([1-4])$/i.exec(name);
  if (m) {
    const year = Number(m[1]);
    const first = (Number(m[2]) - 1) * 3 + 1;
    return { from: `${year}-${pad(first)}-01`, to: lastOfMonth(year, first + 2), kind: 'quarter' };
  }
  m = /^(\d{4})-(\d{2})$/.exec(name);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    return { from: `${m[1]}-${m[2]}-01`, to: lastOfMonth(Number(m[1]), Number(m[2])), kind: 'month' };
  }
  return null;
}

/**
 * The period to compare with: the previous month, quarter or year for a calendar one (so
 * March is compared with all of February), otherwise as many days immediately before.
 */
export function previousPeriod(p: Period): Period {
  const [y, m] = p.from.split('-').map(Number) as [number, number];
  switch (p.kind) {
    case 'year':
      return { from: `${y - 1}-01-01`, to: `${y - 1}-12-31`, kind: 'year' };
    case 'quarter': {
      const pm = m === 1 ? 10 : m - 3;
      const py = m === 1 ? y - 1 : y;
      return { from: `${py}-${pad(pm)}-01`, to: lastOfMonth(py, pm + 2), kind: 'quarter' };
    }
    case 'month': {
      const pm = m === 1 ? 12 : m - 1;
      const py = m === 1 ? y - 1 : y;
      return { from: `${py}-${pad(pm)}-01`, to: lastOfMonth(py, pm), kind: 'month' };
    }
    case 'range': {
      const length = toDay(p.to) - toDay(p.from) + 1;
      return { from: fromDay(toDay(p.from) - length), to: fromDay(toDay(p.from) - 1), kind: 'range' };
    }
  }
}

/** Days in the period, both ends included. */
export function periodDays(p: Pick<Period, 'from' | 'to'>): number {
  return toDay(p.to) - toDay(p.from) + 1;
}

/** The date `days` before/after `date`. */
export function shiftDate(date: string, days: number): string {
  return fromDay(toDay(date) + days);
}

export const MONTHS_ID = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** '5 Maret 2026' */
export function formatDateId(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS_ID[m - 1]} ${y}`;
}

/** 'Juni 2026' from '2026-06'. */
export function monthLabel(yearMonth: string): string {
  const [y, m] = yearMonth.split('-').map(Number) as [number, number];
  return `${MONTHS_ID[m - 1]} ${y}`;
}

/** Every 'YYYY-MM' the period touches, in order. */
export function monthsOf(p: Pick<Period, 'from' | 'to'>): string[] {
  const months: string[] = [];
  let [y, m] = p.from.split('-').map(Number) as [number, number];
  const last = p.to.slice(0, 7);
  for (let month = `${y}-${pad(m)}`; month <= last; month = `${y}-${pad(m)}`) {
    months.push(month);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return months;
}

/** How the office names the period on paper: 'Maret 2026', 'Triwulan I 2026', 'Tahun 2026', or the dates. */
export function periodLabel(p: Period): string {
  const [y, m] = p.from.split('-').map(Number) as [number, number];
  switch (p.kind) {
    case 'year':
      return `Tahun ${y}`;
    case 'quarter':
      return `Triwulan ${['I', 'II', 'III', 'IV'][(m - 1) / 3]} ${y}`;
    case 'month':
      return monthLabel(p.from.slice(0, 7));
    case 'range':
      return `${formatDateId(p.from)} – ${formatDateId(p.to)}`;
  }
}
