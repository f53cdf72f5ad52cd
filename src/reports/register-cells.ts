/**
 * What the register's text cells say, the same in the XLSX and the PDF: the follow-up of each
 * related division (tindak lanjut) and the remarks (keterangan) on how a complaint ended.
 */
import type { RegisterRow } from '../register/query.js';
import { formatJakarta } from './pdf.js';

/** '01/10/2026 11:00' (WIB, named in the column header), or '—'. */
export function shortDate(iso: string | null): string {
  return iso ? formatJakarta(iso).replace(' WIB', '') : '—';
}

export const yesNo = (v: boolean | null): string => (v === null ? '' : v ? 'Ya' : 'Tidak');

/** '01/10/2026 11:00 Ya': when a step was done and whether on time. */
export function withVerdict(iso: string | null, met: boolean | null): string {
  return iso ? `${shortDate(iso)} ${yesNo(met)}`.trim() : '—';
}

/** Where a shortened follow-up points the reader to the whole text. */
export const FOLLOW_UP_REST = ' [selengkapnya di lembar pengaduan]';

/** The text up to `limit` characters, cut after a whole word and marked, never mid-word. */
function upTo(text: string, limit: number | undefined): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (limit === undefined || flat.length <= limit) return flat;
  const cut = flat.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}${FOLLOW_UP_REST}`;
}

/**
 * Tindak lanjut: each division's follow-up with its date and whether it was on time, one line a
 * division (named when there are several). `limit` is the characters of follow-up text a paper row
 * holds in all: a follow-up may be 5,000 characters and a register row never spans pages, so on
 * paper a long one ends with a pointer to the complaint sheet, which prints it whole.
 */
export function followUpText(r: RegisterRow, limit?: number): string {
  const several = r.followUps.length > 1;
  const each = limit === undefined ? undefined : Math.max(80, Math.floor(limit / Math.max(1, r.followUps.length)));
  return r.followUps
    .map((f) => {
      const who = several ? `${f.division}: ` : '';
      if (f.text === null || f.at === null) return `${who}belum ditindaklanjuti (batas ${shortDate(f.dueAt)})`;
      const verdict = f.met === null ? '' : f.met ? ', tepat waktu' : ', terlambat';
      return `${who}${upTo(f.text, each)} (${shortDate(f.at)}${verdict})`;
    })
    .join('\n');
}

/** Lokasi: the address the reporter gave, and the pin's coordinates when there is one. */
export function locationText(r: RegisterRow): string {
  const l = r.location;
  if (!l) return '';
  const pin = l.lat !== null && l.lng !== null ? `(${l.lat.toFixed(5)}, ${l.lng.toFixed(5)})` : '';
  return [l.address ?? '', pin].filter(Boolean).join(' ');
}

/** Perihal, and under it where it happened when the reporter said. */
export function subjectWithLocation(r: RegisterRow): string {
  const where = locationText(r);
  return where ? `${r.subject}\nLokasi: ${where}` : r.subject;
}

/** Keterangan: the LAPOR! report, how it ended or where it went (closed on, duplicate of, referred to, reopened once). */
export function remarks(r: RegisterRow): string {
  const parts: string[] = [];
  // As the paper book says it (buku pengaduan: "No. LAPOR! 3381534").
  if (r.laporTrackingId) parts.push(`No. LAPOR! ${r.laporTrackingId}`);
  if (r.state === 'closed' && r.closedAt) parts.push(`Tanggal selesai ${shortDate(r.closedAt).slice(0, 10)}`);
  if (r.duplicateOf) parts.push(`Duplikat dari ${r.duplicateOf}`);
  if (r.referredTo) parts.push(`Tujuan: ${r.referredTo}`);
  if (r.wasReopened && r.state !== 'reopened') parts.push('Pernah dibuka kembali');
  if (r.originalNumber) parts.push(`No. buku lama ${r.originalNumber}`);
  return parts.join('; ');
}
