/**
 * How a recap figure is rounded for people: the one place the back office's recap screen
 * (web/src/office/Recap.tsx imports this file) and the recap PDF take it from, so the screen and
 * the paper never disagree (a median of 6.97 working days reads "7" on both). Pure, no imports:
 * the browser bundle loads it as it is. The JSON and the XLSX keep the unrounded values.
 */

export type FigureKind = 'count' | 'share' | 'days' | 'index';
export type FigureLang = 'id' | 'en';

/** Most fraction digits each kind shows; trailing zeros are dropped ("75%", "7", "80,5"). */
export const FIGURE_DIGITS: Readonly<Record<FigureKind, number>> = { count: 0, share: 1, days: 1, index: 2 };

// Made once, written out (not in a loop): an Intl formatter holds native memory (see eslint.config.js).
const FORMATTERS: Readonly<Record<FigureLang, Readonly<Record<FigureKind, Intl.NumberFormat>>>> = {
  id: {
    count: new Intl.NumberFormat('id-ID', { maximumFractionDigits: FIGURE_DIGITS.count }),
    share: new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: FIGURE_DIGITS.share }),
    days: new Intl.NumberFormat('id-ID', { maximumFractionDigits: FIGURE_DIGITS.days }),
    index: new Intl.NumberFormat('id-ID', { maximumFractionDigits: FIGURE_DIGITS.index }),
  },
  en: {
    count: new Intl.NumberFormat('en-GB', { maximumFractionDigits: FIGURE_DIGITS.count }),
    share: new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: FIGURE_DIGITS.share }),
    days: new Intl.NumberFormat('en-GB', { maximumFractionDigits: FIGURE_DIGITS.days }),
    index: new Intl.NumberFormat('en-GB', { maximumFractionDigits: FIGURE_DIGITS.index }),
  },
};

/** "66,7%", "7", "80,56", "1.234"; '—' for a figure that does not exist (no data in the period). */
export function formatFigure(value: number | null | undefined, kind: FigureKind, lang: FigureLang = 'id'): string {
  return value === null || value === undefined ? '—' : FORMATTERS[lang][kind].format(value);
}
