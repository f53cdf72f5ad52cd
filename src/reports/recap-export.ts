/**
 * The recap as XLSX (a sheet per table, real number and date formats, the previous period beside)
 * and as PDF with bar charts. Both take the Recap computed once by recap.ts.
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { AppContext } from '../context.js';
import { formatDateId } from './period.js';
import { createDoc, FONT, formatJakarta, letterhead, type Doc } from './pdf.js';
import type { Bucket, Recap, RecapFigures } from './recap.js';
import { GRADE_LABELS, type Grade } from './satisfaction-index.js';

export const COUNT_FORMAT = '#,##0';
export const SHARE_FORMAT = '0.0%';
export const DECIMAL_FORMAT = '0.00';

type Format = 'count' | 'share' | 'decimal' | 'text';
const NUM_FMT: Record<Format, string | undefined> = { count: COUNT_FORMAT, share: SHARE_FORMAT, decimal: DECIMAL_FORMAT, text: undefined };

export interface SummaryLine {
  label: string;
  format: Format;
  value: (f: RecapFigures) => number | string | null;
}

const gradeText = (g: Grade | null) => (g ? `${g} (${GRADE_LABELS[g].id})` : null);

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
  { label: 'Hari kerja sampai dijawab — median', format: 'decimal', value: (f) => f.answer.medianWorkingDays },
  { label: 'Hari kerja sampai dijawab — persentil ke-90', format: 'decimal', value: (f) => f.answer.p90WorkingDays },
  { label: 'Tunggakan (belum selesai)', format: 'count', value: (f) => f.backlog.open },
  { label: 'Dibuka kembali', format: 'count', value: (f) => f.reopen.reopened },
  { label: 'Tingkat dibuka kembali (dari yang dijawab)', format: 'share', value: (f) => f.reopen.rate },
  { label: 'Responden survei kepuasan', format: 'count', value: (f) => f.satisfaction.respondents },
  { label: 'Indeks Kepuasan Masyarakat (IKM, 25–100)', format: 'decimal', value: (f) => f.satisfaction.ikm },
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
    sheet.addRow([`Rekapan Pengaduan — ${title}`]);
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

// ---------- PDF ----------

const CURRENT_COLOUR = '#1f5f99';
const PREVIOUS_COLOUR = '#a9c4de';

const formatValue = (v: number | string | null, format: Format): string => {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  if (format === 'share') return `${(v * 100).toFixed(1).replace('.', ',')}%`;
  if (format === 'decimal') return v.toFixed(2).replace('.', ',');
  return v.toLocaleString('id-ID');
};

export async function recapPdf(ctx: AppContext, recap: Recap): Promise<Readable> {
  const { current, previous } = recap;
  // Buffered pages (a recap is a few pages) so each can say 'Halaman n dari N' at the end.
  const doc = createDoc('portrait', `Rekapan Pengaduan ${current.period.label}`, { bufferPages: true });
  doc.addPage();
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.y = letterhead(doc, ctx.config);
  doc.font(FONT.bold).fontSize(13).text(`REKAPAN PENGADUAN — ${current.period.label.toUpperCase()}`, left, doc.y, { width, align: 'center' });
  doc
    .font(FONT.regular)
    .fontSize(8.5)
    .text(`${formatDateId(current.period.from)} s.d. ${formatDateId(current.period.to)}; dibandingkan dengan ${previous.period.label} (${formatDateId(previous.period.from)} s.d. ${formatDateId(previous.period.to)}). Dibuat ${formatJakarta(recap.generatedAt)}.`, left, doc.y + 2, { width, align: 'center' });
  doc.y += 10;

  // The summary table.
  const col = [width - 180, 90, 90];
  const line = (cells: string[], bold: boolean) => {
    const y = doc.y;
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(8.5);
    doc.text(cells[0] ?? '', left, y, { width: (col[0] ?? 0) - 6 });
    const h = doc.y - y;
    doc.text(cells[1] ?? '', left + (col[0] ?? 0), y, { width: col[1] ?? 0, align: 'right' });
    doc.text(cells[2] ?? '', left + (col[0] ?? 0) + (col[1] ?? 0), y, { width: col[2] ?? 0, align: 'right' });
    doc.y = y + Math.max(h, 10) + 2;
    doc.moveTo(left, doc.y - 1).lineTo(left + width, doc.y - 1).lineWidth(0.3).strokeColor('#bbbbbb').stroke().strokeColor('black');
  };
  line(['Ukuran', current.period.label, previous.period.label], true);
  for (const l of SUMMARY_LINES) line([l.label, formatValue(l.value(current), l.format), formatValue(l.value(previous), l.format)], false);

  legend(doc, current.period.label, previous.period.label);
  const charts: [string, Bucket[], Bucket[]][] = [
    ['Menurut saluran', current.byChannel, previous.byChannel],
    ['Menurut status', current.byState.filter((b) => b.count > 0), previous.byState.filter((b) => b.count > 0)],
    ['Menurut jenis izin (10 terbanyak)', current.byPermitType.slice(0, 10), previous.byPermitType],
    ['Menurut bidang terkait', current.byDivision, previous.byDivision],
    ['Menurut kelas pengaduan', current.byClass, previous.byClass],
    ['Topik terbanyak — bahan perbaikan layanan', current.topics, previous.topics],
    ['Tunggakan menurut umur', current.backlog.byAge, previous.backlog.byAge],
  ];
  for (const [title, cur, prev] of charts) {
    const rows = pairBuckets(cur, prev).filter((r) => cur.some((b) => b.key === r.key));
    barChart(doc, title, rows.map((r) => ({ label: r.label, current: r.current, previous: r.previous })), (v) => v.toLocaleString('id-ID'));
  }
  barChart(
    doc,
    `Indeks kepuasan per unsur (IKM ${formatValue(current.satisfaction.ikm, 'decimal')}${current.satisfaction.grade ? `, mutu ${gradeText(current.satisfaction.grade)}` : ''})`,
    current.satisfaction.elements.map((e, i) => ({ label: `U${e.element} ${e.name}`, current: e.index ?? 0, previous: previous.satisfaction.elements[i]?.index ?? 0 })),
    (v) => v.toFixed(2).replace('.', ','),
    100,
  );
  pageNumbers(doc);
  doc.end();
  return doc;
}

function legend(doc: Doc, current: string, previous: string): void {
  const left = doc.page.margins.left;
  doc.y += 8;
  const y = doc.y;
  doc.rect(left, y, 10, 7).fill(CURRENT_COLOUR);
  doc.fillColor('black').font(FONT.regular).fontSize(8).text(current, left + 14, y - 1, { lineBreak: false });
  doc.rect(left + 120, y, 10, 7).fill(PREVIOUS_COLOUR);
  doc.fillColor('black').text(previous, left + 134, y - 1, { lineBreak: false });
  doc.y = y + 12;
}

/** Horizontal bars, the current period above the previous one for each category. */
function barChart(doc: Doc, title: string, rows: { label: string; current: number; previous: number }[], format: (v: number) => string, scaleMax?: number): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const labelWidth = 190;
  const barArea = width - labelWidth - 50;
  const rowHeight = 16;
  const needed = 24 + Math.max(rows.length, 1) * rowHeight;
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom - 20) {
    doc.addPage();
    doc.y = doc.page.margins.top;
  }
  doc.y += 10;
  doc.font(FONT.bold).fontSize(10).fillColor('black').text(title, left, doc.y, { width });
  doc.y += 4;
  if (rows.length === 0) {
    doc.font(FONT.regular).fontSize(8.5).text('Tidak ada data.', left, doc.y);
    return;
  }
  const max = scaleMax ?? Math.max(1, ...rows.map((r) => Math.max(r.current, r.previous)));
  for (const r of rows) {
    const y = doc.y;
    doc.font(FONT.regular).fontSize(7.5).fillColor('black').text(r.label, left, y + 2, { width: labelWidth - 6, height: 10, ellipsis: true });
    const cw = (r.current / max) * barArea;
    const pw = (r.previous / max) * barArea;
    if (cw > 0) doc.rect(left + labelWidth, y + 1, cw, 6.5).fill(CURRENT_COLOUR);
    if (pw > 0) doc.rect(left + labelWidth, y + 8, pw, 5).fill(PREVIOUS_COLOUR);
    doc.fillColor('black').fontSize(7).text(format(r.current), left + labelWidth + cw + 3, y, { lineBreak: false });
    doc.fillColor('#555555').fontSize(6.5).text(format(r.previous), left + labelWidth + pw + 3, y + 7.5, { lineBreak: false });
    doc.fillColor('black');
    doc.y = y + rowHeight;
  }
}

/** Recaps are a few pages: number them once all are laid out. */
function pageNumbers(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT.regular).fontSize(7).fillColor('black').text(`Halaman ${i + 1} dari ${range.count}`, doc.page.margins.left, doc.page.height - bottom + 10, { width: doc.page.width - doc.page.margins.left - doc.page.margins.right, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
