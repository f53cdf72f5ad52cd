/**
 * Which column of an old register holds which of our fields. The default is guessed from the
 * header names (Indonesian as offices write them); the admin or `--map field=Header` overrides.
 */
import { z } from 'zod';
import { ChannelSchema } from '../complaints/schema.js';

export const IMPORT_FIELDS = [
  'originalNumber',
  'receivedAt',
  'reporterName',
  'reporterContact',
  'subject',
  'description',
  'permitType',
  'theme',
  'channel',
  'state',
  'followUp',
  'answer',
  'answeredAt',
  'closedAt',
  'remarks',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_FIELDS: readonly ImportField[] = ['originalNumber', 'receivedAt', 'description'];

/** Header words per field, compared without case, spaces or punctuation; the first that matches wins. */
const HEADER_WORDS: Record<ImportField, readonly string[]> = {
  originalNumber: ['no', 'nomor', 'nourut', 'nomorurut', 'nopengaduan', 'nomorpengaduan', 'noregister', 'noagenda', 'number', 'originalnumber'],
  receivedAt: ['tanggalditerima', 'tglditerima', 'tanggalmasuk', 'tglmasuk', 'tanggalpengaduan', 'tglpengaduan', 'tanggal', 'tgl', 'receivedat', 'datereceived'],
  reporterName: ['namapengadu', 'namapelapor', 'pengadu', 'pelapor', 'nama', 'reportername', 'name'],
  reporterContact: ['alamatnotelp', 'alamatnotelepon', 'alamatnohp', 'alamatkontak', 'kontak', 'alamat', 'notelp', 'notelepon', 'nohp', 'telepon', 'email', 'contact'],
  subject: ['perihal', 'judul', 'pokokpengaduan', 'hal', 'subject'],
  description: ['uraianpengaduan', 'uraian', 'isipengaduan', 'isi', 'pengaduan', 'keluhan', 'description'],
  permitType: ['jenisizin', 'izin', 'jenislayanan', 'layanan', 'jenisperizinan', 'permittype'],
  theme: ['tema', 'kategori', 'kategoripengaduan', 'klasifikasi', 'jenispengaduan', 'theme'],
  channel: ['mediapengaduan', 'media', 'saluran', 'salurpengaduan', 'sumber', 'sumberpengaduan', 'channel'],
  state: ['status', 'statuspengaduan', 'state'],
  followUp: ['tindaklanjut', 'followup'],
  answer: ['jawaban', 'tanggapan', 'answer'],
  answeredAt: ['tanggaldijawab', 'tgldijawab', 'tanggaljawaban', 'tanggaltanggapan', 'answeredat'],
  closedAt: ['tanggalselesai', 'tglselesai', 'tanggalditutup', 'selesai', 'closedat'],
  remarks: ['keterangan', 'ket', 'catatan', 'remarks'],
};

export const normaliseHeader = (h: string): string => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A header cell's text, the way it is shown and chosen. */
const ColumnName = z.string().trim().min(1).max(200);

export const ImportMappingSchema = z.strictObject({
  /** 1-based row of the headers in the sheet; found by their names when left out. */
  headerRow: z.number().int().min(1).max(50).optional(),
  columns: z.partialRecord(z.enum(IMPORT_FIELDS), ColumnName).default({}),
  /**
   * What an unknown permit type, theme or channel becomes. Left out, the row is refused;
   * `none` leaves it empty (permit type, theme); otherwise a catalogue code or a channel.
   */
  fallback: z
    .strictObject({
      permitType: z.string().trim().min(1).max(60).optional(),
      theme: z.string().trim().min(1).max(60).optional(),
      channel: ChannelSchema.optional(),
    })
    .default({}),
  /** The register's own words for catalogue entries, e.g. `{"permitType": {"NIB/OSS": "NIB"}}`: value → catalogue code. */
  values: z
    .strictObject({
      permitType: z.record(z.string().trim().min(1).max(200), z.string().trim().min(1).max(60)).optional(),
      theme: z.record(z.string().trim().min(1).max(200), z.string().trim().min(1).max(60)).optional(),
    })
    .default({}),
});
export type ImportMapping = z.output<typeof ImportMappingSchema>;

const KNOWN_WORDS = new Set(Object.values(HEADER_WORDS).flat());

/** The header row: the first of the top rows naming at least two of our fields, else the first non-empty one. */
export function findHeaderRow(rows: readonly string[][]): number {
  const top = rows.slice(0, 30);
  const named = top.findIndex((r) => r.filter((c) => KNOWN_WORDS.has(normaliseHeader(c))).length >= 2);
  if (named >= 0) return named + 1;
  const filled = top.findIndex((r) => r.filter((c) => c.trim() !== '').length >= 2);
  return filled >= 0 ? filled + 1 : 1;
}

/** Each field's column guessed from the headers: exact words first, then a header containing one. */
export function guessColumns(headers: readonly string[]): Partial<Record<ImportField, string>> {
  const normal = headers.map(normaliseHeader);
  const taken = new Set<number>();
  const result: Partial<Record<ImportField, string>> = {};
  const pick = (match: (h: string, w: string) => boolean) => {
    for (const field of IMPORT_FIELDS) {
      if (result[field] !== undefined) continue;
      for (const word of HEADER_WORDS[field]) {
        const i = normal.findIndex((h, j) => !taken.has(j) && h !== '' && match(h, word));
        if (i >= 0) {
          taken.add(i);
          result[field] = (headers[i] as string).trim();
          break;
        }
      }
    }
  };
  pick((h, w) => h === w);
  pick((h, w) => w.length >= 4 && h.includes(w));
  return result;
}
