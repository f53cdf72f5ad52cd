import { formatNumber, type Bilingual, type Lang, type Translate } from './i18n';

/** The office day the API's fractional working days are counted in (08:00–16:00). */
const HOURS_PER_WORKING_DAY = 8;

export const WORKING_TIME = {
  workingDays: { id: '{n} hari kerja', en: '{n} working days', enOne: '1 working day' },
  hours: { id: '{n} jam', en: '{n} hours', enOne: '1 hour' },
} as const satisfies Record<string, Bilingual>;

/**
 * "13 hari kerja 7 jam": whole working days and the hours left over, never "13,9 hari kerja".
 * The one reading of the API's `workingDaysLeft` for the portal and the office alike, so both
 * say the same for the same complaint.
 */
export function workingTimeText(workingDays: number, t: Translate, lang: Lang): string {
  let days = Math.floor(Math.abs(workingDays));
  let hours = Math.round((Math.abs(workingDays) - days) * HOURS_PER_WORKING_DAY);
  if (hours === HOURS_PER_WORKING_DAY) {
    days += 1;
    hours = 0;
  }
  const parts = [];
  if (days > 0 || hours === 0) parts.push(t(WORKING_TIME.workingDays, { n: formatNumber(days, lang) }));
  if (hours > 0) parts.push(t(WORKING_TIME.hours, { n: formatNumber(hours, lang) }));
  return parts.join(' ');
}
