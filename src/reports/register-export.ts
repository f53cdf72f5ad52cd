/**
 * The complaint register (*buku pengaduan*) of a period as XLSX and as A4 landscape PDF. Both
 * stream: rows come from the database in keyset batches and the producer waits for the reader
 * between batches, so memory does not grow with the row count. The total row count is known
 * first (X-Total-Rows) and every PDF page says "Halaman n dari N", so whoever waits sees how far
 * the download has come.
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { AppContext } from '../context.js';
import { registerBatches, registerBounds, registerCount, type RegisterRow } from '../register/query.js';
import { CHANNEL_LABELS, STATE_LABELS } from './labels.js';
import { formatDateId, periodLabel, periodOf } from './period.js';
import { createDoc, FONT, formatJakarta, jakartaWallClock, letterhead, waitForReader, type Doc } from './pdf.js';

export const DATE_TIME_FORMAT = 'dd/mm/yyyy hh:mm';
const yesNo = (v: boolean | null) => (v === null ? '' : v ? 'Ya' : 'Tidak');

export const REGISTER_COLUMNS: { header: string; width: number; value: (r: RegisterRow) => string | number | Date | null; date?: boolean }[] = [
  { header: 'No', width: 20, value: (r) => r.number },
  { header: 'Nomor pengaduan', width: 62, value: (r) => r.trackingNumber },
  { header: 'Diterima (WIB)', width: 17, value: (r) => jakartaWallClock(r.receivedAt), date: true },
  { header: 'Saluran', width: 44, value: (r) => CHANNEL_LABELS[r.channel] },
  { header: 'Pelapor', width: 66, value: (r) => r.reporter },
  { header: 'Jenis izin', width: 86, value: (r) => r.permitType ?? '' },
  { header: 'Perihal', width: 120, value: (r) => r.subject },
  { header: 'Bidang terkait', width: 72, value: (r) => r.divisions.join('; ') },
  { header: 'Batas tanggapan (WIB)', width: 17, value: (r) => jakartaWallClock(r.firstResponseDueAt), date: true },
  { header: 'Tanggapan pertama (WIB)', width: 17, value: (r) => jakartaWallClock(r.firstRespondedAt), date: true },
  { header: 'Tanggapan tepat waktu', width: 10, value: (r) => yesNo(r.firstResponseMet) },
  { header: 'Batas jawaban (WIB)', width: 17, value: (r) => jakartaWallClock(r.answerDueAt), date: true },
  { header: 'Dijawab (WIB)', width: 17, value: (r) => jakartaWallClock(r.answeredAt), date: true },
  { header: 'Jawaban tepat waktu', width: 10, value: (r) => yesNo(r.answerMet) },
  { header: 'Status', width: 68, value: (r) => STATE_LABELS[r.state] },
  { header: 'Petugas', width: 24, value: (r) => r.owner ?? '' },
];

/** Rows above the header row in the XLSX: office, title, blank. */
export const REGISTER_HEADER_ROW = 4;

/** Runs the producer after the caller has returned the stream; a failure ends the download with an error. */
function produce(stream: Readable, work: () => Promise<void>): void {
  void work().catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
}

/** What may wait uncompressed between the sheet and the zip before the next batch is written. */
const SHEET_BACKLOG_BYTES = 1 << 20;

/**
 * exceljs hands each sheet's XML to the zip through a PassThrough that it writes without
 * backpressure (exceljs#2916), so a fast producer piles the whole sheet up in memory there
 * (66 MB at 100,000 rows). The bytes still waiting in it are the only signal to wait on.
 */
export function sheetBacklog(sheet: ExcelJS.Worksheet): number {
  const internal = sheet as unknown as { _stream?: { pipes?: { _writableState?: { length?: number } }[] } };
  return internal._stream?.pipes?.[0]?._writableState?.length ?? 0;
}

export async function registerXlsx(ctx: AppContext, period: { from: string; to: string }): Promise<{ stream: Readable; rows: number }> {
  registerBounds(period);
  const rows = await registerCount(ctx, period);
  const out = new PassThrough();
  produce(out, async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Aduan';
    const sheet = workbook.addWorksheet('Buku Pengaduan', { views: [{ state: 'frozen', ySplit: REGISTER_HEADER_ROW }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToWidth: 1, fitToHeight: 0 } });
    sheet.columns = REGISTER_COLUMNS.map((c) => ({ width: c.width }));
    sheet.addRow([ctx.config.office.name]).commit();
    sheet.addRow([`Buku Pengaduan — ${periodLabel(periodOf(period.from, period.to))} (${formatDateId(period.from)} s.d. ${formatDateId(period.to)})`]).commit();
    sheet.addRow([]).commit();
    const header = sheet.addRow(REGISTER_COLUMNS.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    for await (const batch of registerBatches(ctx, period)) {
      if (out.destroyed) return;
      for (const r of batch) {
        const row = sheet.addRow(REGISTER_COLUMNS.map((c) => c.value(r)));
        REGISTER_COLUMNS.forEach((c, i) => {
          if (c.date) row.getCell(i + 1).numFmt = DATE_TIME_FORMAT;
        });
        row.commit();
      }
      while (sheetBacklog(sheet) > SHEET_BACKLOG_BYTES && !out.destroyed) await new Promise((resolve) => setTimeout(resolve, 2));
      await waitForReader(out);
    }
    sheet.commit();
    await workbook.commit();
  });
  return { stream: out, rows };
}

// ---------- PDF ----------

const PDF_COLUMNS: { header: string; width: number; value: (r: RegisterRow) => string }[] = [
  { header: 'No', width: 20, value: (r) => String(r.number) },
  { header: 'Nomor pengaduan', width: 62, value: (r) => r.trackingNumber },
  { header: 'Diterima (WIB)', width: 60, value: (r) => shortDate(r.receivedAt) },
  { header: 'Saluran', width: 44, value: (r) => CHANNEL_LABELS[r.channel] },
  { header: 'Pelapor', width: 66, value: (r) => r.reporter },
  { header: 'Jenis izin', width: 72, value: (r) => r.permitType ?? '—' },
  { header: 'Perihal', width: 92, value: (r) => r.subject },
  { header: 'Bidang terkait', width: 72, value: (r) => r.divisions.join('; ') || '—' },
  { header: 'Tanggapan pertama (tepat waktu?)', width: 82, value: (r) => withVerdict(r.firstRespondedAt, r.firstResponseMet) },
  { header: 'Dijawab (tepat waktu?)', width: 82, value: (r) => withVerdict(r.answeredAt, r.answerMet) },
  { header: 'Status', width: 68, value: (r) => STATE_LABELS[r.state] },
  // 762 pt across the page: Jenis izin and Perihal gave 42 to the name of who handles it.
  { header: 'Petugas', width: 42, value: (r) => r.owner ?? '—' },
];
const ROW_HEIGHT = 13;
const HEADER_HEIGHT = 18;
const FONT_SIZE = 6.5;

function shortDate(iso: string | null): string {
  return iso ? formatJakarta(iso).replace(' WIB', '') : '—';
}
function withVerdict(iso: string | null, met: boolean | null): string {
  return iso ? `${shortDate(iso)} ${met === null ? '' : met ? 'Ya' : 'Tidak'}`.trim() : '—';
}

interface PageGeometry {
  firstTop: number;
  otherTop: number;
  bottom: number;
}

function rowsFrom(top: number, g: PageGeometry): number {
  return Math.floor((g.bottom - top - HEADER_HEIGHT) / ROW_HEIGHT);
}

export async function registerPdf(ctx: AppContext, period: { from: string; to: string }): Promise<{ stream: Readable; rows: number; pages: number }> {
  registerBounds(period);
  const rows = await registerCount(ctx, period);
  const doc = createDoc('landscape', `Buku Pengaduan ${period.from} – ${period.to}`);
  const title = `BUKU PENGADUAN — ${periodLabel(periodOf(period.from, period.to))}`;
  // Geometry is fixed (one line per row, long text cut with an ellipsis), so the page count is known before the first row.
  doc.addPage();
  const firstTop = letterhead(doc, ctx.config) + 16;
  const otherTop = doc.page.margins.top + 16;
  const geometry: PageGeometry = { firstTop, otherTop, bottom: doc.page.height - doc.page.margins.bottom - 14 };
  const firstRows = rowsFrom(firstTop, geometry);
  const otherRows = rowsFrom(otherTop, geometry);
  const pages = rows <= firstRows ? 1 : 1 + Math.ceil((rows - firstRows) / otherRows);
  let page = 1;
  let slot = 0;
  let y = startPage(doc, title, firstTop, page, pages);

  produce(doc, async () => {
    if (rows === 0) {
      doc.font(FONT.regular).fontSize(9).text('Tidak ada pengaduan pada periode ini.', doc.page.margins.left, y + 6);
    }
    for await (const batch of registerBatches(ctx, period, 1000)) {
      if (doc.destroyed) return;
      for (const r of batch) {
        const capacity = page === 1 ? firstRows : otherRows;
        if (slot === capacity) {
          doc.addPage();
          page += 1;
          slot = 0;
          y = startPage(doc, title, otherTop, page, pages);
        }
        drawRow(doc, y + slot * ROW_HEIGHT, PDF_COLUMNS.map((c) => c.value(r)), false, slot % 2 === 1);
        slot += 1;
      }
      await waitForReader(doc);
    }
    doc.end();
  });
  return { stream: doc, rows, pages };
}

/** Title, the repeated header row and the page number; returns the y of the first row. */
function startPage(doc: Doc, title: string, top: number, page: number, pages: number): number {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font(FONT.bold).fontSize(10).fillColor('black').text(title, left, top - 16, { width, lineBreak: false });
  drawRow(doc, top, PDF_COLUMNS.map((c) => c.header), true, false);
  // The footer sits inside the bottom margin: lift the margin while writing so pdfkit does not open a page for it.
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.font(FONT.regular).fontSize(7).text(`Halaman ${page} dari ${pages}`, left, doc.page.height - bottom - 8, { width, align: 'right', lineBreak: false });
  doc.page.margins.bottom = bottom;
  return top + HEADER_HEIGHT;
}

/** One line per cell; longer text ends in an ellipsis so every row has the same height. */
function drawRow(doc: Doc, y: number, cells: string[], header: boolean, shaded: boolean): void {
  const left = doc.page.margins.left;
  const height = header ? HEADER_HEIGHT : ROW_HEIGHT;
  const total = PDF_COLUMNS.reduce((a, c) => a + c.width, 0);
  if (header || shaded) doc.rect(left, y, total, height).fill(header ? '#d9d9d9' : '#f3f3f3');
  doc.fillColor('black').font(header ? FONT.condensedBold : FONT.condensed).fontSize(FONT_SIZE);
  let x = left;
  PDF_COLUMNS.forEach((c, i) => {
    // Headers may take two lines; a row's cell takes one.
    const top = header ? y + 2 : y + (height - FONT_SIZE) / 2 - 1;
    doc.text(cells[i] ?? '', x + 2, top, { width: c.width - 4, height: header ? height : FONT_SIZE + 2, ellipsis: true });
    x += c.width;
  });
  doc.moveTo(left, y + height).lineTo(left + total, y + height).lineWidth(0.3).strokeColor('#999999').stroke().strokeColor('black');
}
