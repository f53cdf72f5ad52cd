/**
 * The recap as XLSX (a sheet per table, real number and date formats, the previous period beside)
 * (the PDF is recap-pdf.ts). Both take the Recap computed once by recap.ts.
 */
import { PassThrough, type Readable } from 'node:stream';
import { CHANNEL_LABELS } from './labels.js';
import ExcelJS from 'exceljs';
import type { AppContext } from '../context.js';
import type { FigureKind } from './figure-format.js';
import type { Bucket, Recap, RecapFigures } from './recap.js';
import { GRADE_LABELS, type Grade } from './satisfaction-index.js';

export const COUNT_FORMAT = '#,##0';
export const SHARE_FORMAT = '0.0%';
export const DECIMAL_FORMAT = '0.00';

/** A figure's kind decides its rounding on paper and screen (figure-format.ts); the XLSX keeps every digit. */
type Format = FigureKind | 'text';
const NUM_FMT: Record<Format, string | undefined> = { count: COUNT_FORMAT, share: SHARE_FORMAT, days: DECIMAL_FORMAT, index: DECIMAL_FORMAT, text: undefined };

export interface SummaryLine {
  label: string;
  format: Format;
  value: (f: RecapFigures) => number | string | null;
}

export const gradeText = (g: Grade | null) => (g ? `${g} (${GRADE_LABELS[g].id})` : null);

/** The key figures of the recap, in the order of the summary sheet and the PDF's first table. */
export const SUMMARY_LINES: SummaryLine[] = [
  { label: 'Pengaduan diterima', format: 'count', value: (f) => f.total },
  { label: 'Tanggapan pertama tepat waktu (≤ 1 hari kerja)', format: 'count', value: (f) => f.firstResponse.met },
  { label: 'Tanggapan pertama terlambat', format: 'count', value: (f) => f.firstResponse.late },
  { label: 'Belum ditanggapi, lewat batas', format: 'count', value: (f) => f.firstResponse.overdueWithoutResponse },
  { label: 'Persentase tanggapan pertama tepat waktu', format: 'share', value: (f) => f.firstResponse.shareMet },
  { label: 'Pengaduan dijawab', format: 'count', value: (f) => f.answer.answered },
  { label: 'Jawaban tepat waktu', format: 'count', value: (f) => f.answer.met },
  { label: 'Jawaban terlambat', format: 'count', value: (f) => f.answer.late },
  { label: 'Belum dijawab, lewat batas jawaban', format: 'count', value: (f) => f.answer.overdueUnanswered },
  { label: 'Sedang ditangani, lewat batas waktu (saat ini)', format: 'count', value: (f) => f.answer.overdueNow },
  { label: 'Persentase jawaban tepat waktu', format: 'share', value: (f) => f.answer.shareMet },
  { label: 'Hari kerja sampai dijawab — median', format: 'days', value: (f) => f.answer.medianWorkingDays },
  { label: 'Hari kerja sampai dijawab — persentil ke-90', format: 'days', value: (f) => f.answer.p90WorkingDays },
  { label: 'Tunggakan (belum selesai)', format: 'count', value: (f) => f.backlog.open },
  { label: 'Dibuka kembali', format: 'count', value: (f) => f.reopen.reopened },
  { label: 'Tingkat dibuka kembali (dari yang dijawab)', format: 'share', value: (f) => f.reopen.rate },
  { label: 'Responden survei kepuasan', format: 'count', value: (f) => f.satisfaction.respondents },
  { label: 'Indeks Kepuasan Masyarakat (IKM, 25–100)', format: 'index', value: (f) => f.satisfaction.ikm },
  { label: 'Mutu pelayanan', format: 'text', value: (f) => gradeText(f.satisfaction.grade) },
];

/** The bucket tables, one sheet each. */
export const BUCKET_TABLES: { sheet: string; title: string; pick: (f: RecapFigures) => Bucket[] }[] = [
  { sheet: 'Status', title: 'Menurut status', pick: (f) => f.byState },
  { sheet: 'Saluran', title: 'Menurut saluran', pick: (f) => f.byChannel },
  { sheet: 'Jenis izin', title: 'Menurut jenis izin', pick: (f) => f.byPermitType },
  { sheet: 'Bidang', title: 'Menurut bidang terkait', pick: (f) => f.byDivision },
  { sheet: 'Kelas', title: 'Menurut kelas pengaduan', pick: (f) => f.byClass },
  { sheet: 'Bulan', title: 'Menurut bulan diterima', pick: (f) => f.byMonth },
  { sheet: 'Topik', title: 'Topik terbanyak (bahan perbaikan layanan)', pick: (f) => f.topics },
  { sheet: 'Umur tunggakan', title: 'Tunggakan menurut umur (hari kalender)', pick: (f) => f.backlog.byAge },
];

/** Current buckets in their order, then those only the previous period had; the previous count beside. */
export function pairBuckets(current: Bucket[], previous: Bucket[]): { key: string; label: string; current: number; currentShare: number | null; previous: number; previousShare: number | null }[] {
  const before = new Map(previous.map((b) => [b.key, b]));
  const rows = current.map((b) => ({ key: b.key, label: b.label, current: b.count, currentShare: b.share, previous: before.get(b.key)?.count ?? 0, previousShare: before.get(b.key)?.share ?? null }));
  const seen = new Set(current.map((b) => b.key));
  for (const b of previous) if (!seen.has(b.key)) rows.push({ key: b.key, label: b.label, current: 0, currentShare: null, previous: b.count, previousShare: b.share });
  return rows;
}

const dateCell = (date: string) => new Date(`${date}T00:00:00Z`);

export async function recapXlsx(ctx: AppContext, recap: Recap): Promise<Readable> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Aduan';
  const { current, previous } = recap;
  const head = (sheet: ExcelJS.Worksheet, title: string) => {
    sheet.addRow([ctx.config.office.name]).font = { bold: true };
    sheet.addRow([`Rekapan Pengaduan${recap.channel ? ` saluran ${CHANNEL_LABELS[recap.channel]}` : ''} — ${title}`]);
    const dates = sheet.addRow(['Periode', dateCell(current.period.from), dateCell(current.period.to), 'Periode sebelumnya', dateCell(previous.period.from), dateCell(previous.period.to)]);
    for (const col of [2, 3, 5, 6]) dates.getCell(col).numFmt = 'dd/mm/yyyy';
    sheet.addRow([]);
  };

  const summary = workbook.addWorksheet('Ringkasan');
  summary.columns = [{ width: 52 }, { width: 18 }, { width: 18 }, { width: 18 }];
  head(summary, 'Ringkasan');
  summary.addRow(['Ukuran', current.period.label, previous.period.label]).font = { bold: true };
  for (const line of SUMMARY_LINES) {
    const row = summary.addRow([line.label, line.value(current), line.value(previous)]);
    const fmt = NUM_FMT[line.format];
    if (fmt) for (const col of [2, 3]) row.getCell(col).numFmt = fmt;
  }

  for (const table of BUCKET_TABLES) {
    const sheet = workbook.addWorksheet(table.sheet);
    sheet.columns = [{ width: 48 }, { width: 14 }, { width: 10 }, { width: 18 }, { width: 10 }];
    head(sheet, table.title);
    sheet.addRow(['Kategori', current.period.label, '%', previous.period.label, '%']).font = { bold: true };
    for (const r of pairBuckets(table.pick(current), table.pick(previous))) {
      const row = sheet.addRow([r.label, r.current, r.currentShare, r.previous, r.previousShare]);
      row.getCell(2).numFmt = COUNT_FORMAT;
      row.getCell(4).numFmt = COUNT_FORMAT;
      row.getCell(3).numFmt = SHARE_FORMAT;
      row.getCell(5).numFmt = SHARE_FORMAT;
    }
  }

  const ikm = workbook.addWorksheet('IKM');
  ikm.columns = [{ width: 8 }, { width: 44 }, { width: 12 }, { width: 12 }, { width: 8 }, { width: 12 }, { width: 12 }, { width: 8 }];
  head(ikm, 'Indeks Kepuasan Masyarakat (PermenPANRB 14/2017)');
  ikm.addRow(['Unsur', 'Nama unsur', 'NRR', 'Indeks', 'Mutu', 'NRR (sebelumnya)', 'Indeks (sebelumnya)', 'Mutu (sebelumnya)']).font = { bold: true };
  current.satisfaction.elements.forEach((e, i) => {
    const p = previous.satisfaction.elements[i];
    const row = ikm.addRow([e.element, e.name, e.nrr, e.index, e.grade, p?.nrr ?? null, p?.index ?? null, p?.grade ?? null]);
    for (const col of [3, 4, 6, 7]) row.getCell(col).numFmt = DECIMAL_FORMAT;
  });
  const totalRow = ikm.addRow(['', 'IKM unit layanan', null, current.satisfaction.ikm, current.satisfaction.grade, null, previous.satisfaction.ikm, previous.satisfaction.grade]);
  totalRow.font = { bold: true };
  for (const col of [4, 7]) totalRow.getCell(col).numFmt = DECIMAL_FORMAT;
  ikm.addRow(['', `Responden: ${current.satisfaction.respondents} (sebelumnya ${previous.satisfaction.respondents})`]);

  const out = new PassThrough();
  void workbook.xlsx.write(out).then(
    () => out.end(),
    (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return out;
}
