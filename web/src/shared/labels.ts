import type { Bilingual, Lang, Translate } from './i18n';
import { CHANNEL_NAMES, isStateName, STATE_NAMES } from './messages';

/**
 * The recap's bucket and period labels in the reader's language. The server writes them in
 * Indonesian for paper (src/reports/labels.ts, period.ts); on screen the key decides the words.
 */
export type BucketGroup = 'state' | 'channel' | 'month' | 'age' | 'other';

const NOT_STATED: Bilingual = { id: 'Tidak disebutkan', en: 'Not stated' };
const AGE: Readonly<Record<string, Bilingual>> = {
  '0-7': { id: '0–7 hari', en: '0–7 days' },
  '8-30': { id: '8–30 hari', en: '8–30 days' },
  '31-90': { id: '31–90 hari', en: '31–90 days' },
  '>90': { id: '> 90 hari', en: '> 90 days' },
};
const LOCALE: Record<Lang, string> = { id: 'id-ID', en: 'en-GB' };

/** "November 2026" / "November 2026" from 'YYYY-MM', in the reader's language. */
export function monthName(yearMonth: string, lang: Lang): string {
  const [y, m] = yearMonth.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(LOCALE[lang], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)));
}

export function bucketLabel(group: BucketGroup, bucket: { key: string; label: string }, t: Translate, lang: Lang): string {
  if (bucket.key === 'none') return t(NOT_STATED);
  if (group === 'state' && isStateName(bucket.key)) return t(STATE_NAMES[bucket.key]);
  if (group === 'channel' && bucket.key in CHANNEL_NAMES) return t(CHANNEL_NAMES[bucket.key as keyof typeof CHANNEL_NAMES]);
  if (group === 'month' && /^\d{4}-\d{2}$/.test(bucket.key)) return monthName(bucket.key, lang);
  const age = group === 'age' ? AGE[bucket.key] : undefined;
  return age ? t(age) : bucket.label;
}

const QUARTERS = ['I', 'II', 'III', 'IV'];

/** A recap period's name: "Triwulan IV 2026" / "Q4 2026", "Tahun 2026" / "Year 2026", a month, or a date range. */
export function periodName(period: { from: string; to: string; kind: string; label: string }, lang: Lang): string {
  const [y, m] = period.from.split('-').map(Number) as [number, number];
  const day = (iso: string) => new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));
  switch (period.kind) {
    case 'year':
      return lang === 'en' ? `Year ${y}` : `Tahun ${y}`;
    case 'quarter':
      return lang === 'en' ? `Q${(m + 2) / 3} ${y}` : `Triwulan ${QUARTERS[(m - 1) / 3] ?? ''} ${y}`;
    case 'month':
      return monthName(period.from.slice(0, 7), lang);
    case 'range':
      return `${day(period.from)} – ${day(period.to)}`;
    default:
      return period.label;
  }
}
