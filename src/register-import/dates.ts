/**
 * Dates as offices write them in a register: `10/01/2024`, `22-01-2024`, `2024-03-05`,
 * `15 Januari 2024` (Indonesian or English month names, full or short), an optional time
 * `09:30`, and Excel's day serials. Day first: Indonesian registers never put the month first.
 */

const MONTHS: Record<string, number> = {
  januari: 1, january: 1, jan: 1,
  februari: 2, february: 2, pebruari: 2, feb: 2, peb: 2,
  maret: 3, march: 3, mar: 3,
  april: 4, apr: 4,
  mei: 5, may: 5,
  juni: 6, june: 6, jun: 6,
  juli: 7, july: 7, jul: 7,
  agustus: 8, august: 8, agu: 8, agt: 8, aug: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, october: 10, okt: 10, oct: 10,
  november: 11, nop: 11, nov: 11, nopember: 11,
  desember: 12, december: 12, des: 12, dec: 12,
};

export interface LocalDateTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM, when the cell gave one. */
  time: string | null;
}

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function valid(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return null;
  return d.toISOString().slice(0, 10);
}

const fullYear = (y: string): number => (y.length === 2 ? 2000 + Number(y) : Number(y));

function parseTime(rest: string | undefined): string | null | false {
  if (!rest) return null;
  const m = /^(?:T|\s+)(?:pukul\s+|jam\s+)?(\d{1,2})[:.](\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|\s*WIB)?$/i.exec(rest);
  if (!m) return false;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return false;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

/** The register's date and time, or null when the text is not a date. */
export function parseRegisterDate(input: string): LocalDateTime | null {
  const text = input.trim().replace(/\s+/g, ' ');
  if (text.length === 0 || text.length > 40) return null;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const serial = Number(text);
    // 1 (1900) to 2958465 (9999): a bare number elsewhere is not a date.
    if (serial < 1 || serial > 2958465 || text.length < 4) return null;
    const ms = EXCEL_EPOCH_MS + Math.round(serial * 86_400_000 / 60_000) * 60_000;
    const iso = new Date(ms).toISOString();
    const time = iso.slice(11, 16);
    return { date: iso.slice(0, 10), time: Number.isInteger(serial) ? null : time };
  }
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(.*)$/.exec(text);
  let date: string | null = null;
  let rest: string | undefined;
  if (m) {
    date = valid(Number(m[1]), Number(m[2]), Number(m[3]));
    rest = m[4];
  } else if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(.*)$/.exec(text))) {
    date = valid(fullYear(m[3] as string), Number(m[2]), Number(m[1]));
    rest = m[4];
  } else if ((m = /^(?:[a-z]+,? )?(\d{1,2})[ -]([a-z]+)\.?[ -](\d{4})(.*)$/i.exec(text))) {
    const month = MONTHS[(m[2] as string).toLowerCase()];
    date = month === undefined ? null : valid(Number(m[3]), month, Number(m[1]));
    rest = m[4];
  }
  if (date === null) return null;
  const time = parseTime(rest);
  if (time === false) return null;
  return { date, time };
}

/** Asia/Jakarta is UTC+7 all year. */
export function jakartaInstant(local: LocalDateTime, defaultTime: string): Date {
  return new Date(`${local.date}T${local.time ?? defaultTime}:00+07:00`);
}
