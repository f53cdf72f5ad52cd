/**
 * The complaint register (*buku pengaduan*) of a period as XLSX, streamed: rows come from the
 * database in keyset batches and the producer waits for the reader between batches, so memory does
 * not grow with the row count. The total row count is known first (X-Total-Rows). The PDF is in
 * register-pdf.ts; both say the same in their cells (register-cells.ts).
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { AppContext } from '../context.js';
import { registerBatches, registerBounds, registerCount, type RegisterFilter, type RegisterRow } from '../register/query.js';
import { printedLine } from '../paper/records-closing.js';
import { CHANNEL_LABELS, STATE_LABELS } from './labels.js';
import { formatDateId, periodLabel, periodOf } from './period.js';
import { jakartaWallClock, waitForReader } from './pdf.js';
import { followUpText, remarks, subjectWithLocation, yesNo } from './register-cells.js';

export const DATE_TIME_FORMAT = 'dd/mm/yyyy hh:mm';
/**
 * The columns with widths in characters that print legibly on A4 landscape fitted to two pages'
 * width (about 300 characters across); long text wraps within its column instead of widening it.
 */
export const REGISTER_COLUMNS: { header: string; width: number; wrap?: boolean; value: (r: RegisterRow) => string | number | Date | null; date?: boolean }[] = [
  { header: 'No', width: 5, value: (r) => r.number },
  { header: 'Nomor pengaduan', width: 17, value: (r) => r.trackingNumber },
  { header: 'Diterima (WIB)', width: 15, value: (r) => jakartaWallClock(r.receivedAt), date: true },
  { header: 'Saluran', width: 11, wrap: true, value: (r) => CHANNEL_LABELS[r.channel] },
  { header: 'Pelapor', width: 18, wrap: true, value: (r) => r.reporter },
  { header: 'Jenis izin', width: 20, wrap: true, value: (r) => r.permitType ?? '' },
  // The location rides in the subject's cell: the columns already fill two pages' width.
  { header: 'Perihal', width: 40, wrap: true, value: (r) => subjectWithLocation(r) },
  { header: 'Bidang terkait', width: 24, wrap: true, value: (r) => r.divisions.join('; ') },
  { header: 'Batas tanggapan (WIB)', width: 15, value: (r) => jakartaWallClock(r.firstResponseDueAt), date: true },
  { header: 'Tanggapan pertama (WIB)', width: 15, value: (r) => jakartaWallClock(r.firstRespondedAt), date: true },
  { header: 'Tanggapan tepat waktu', width: 9, value: (r) => yesNo(r.firstResponseMet) },
  { header: 'Batas jawaban (WIB)', width: 15, value: (r) => jakartaWallClock(r.answerDueAt), date: true },
  { header: 'Dijawab (WIB)', width: 15, value: (r) => jakartaWallClock(r.answeredAt), date: true },
  { header: 'Jawaban tepat waktu', width: 9, value: (r) => yesNo(r.answerMet) },
  { header: 'Status', width: 16, wrap: true, value: (r) => STATE_LABELS[r.state] },
  // The whole follow-up: a spreadsheet cell holds it, unlike a paper row.
  { header: 'Tindak lanjut', width: 36, wrap: true, value: (r) => followUpText(r) },
  { header: 'Keterangan', width: 22, wrap: true, value: (r) => remarks(r) },
  { header: 'Petugas', width: 18, wrap: true, value: (r) => r.owner ?? '' },
];

/** Rows above the header row in the XLSX: office, title, print date. */
export const REGISTER_HEADER_ROW = 4;
const lastColumn = String.fromCharCode(64 + REGISTER_COLUMNS.length);

/** Runs the producer after the caller has returned the stream; a failure ends the download with an error. */
export function produce(stream: Readable, work: () => Promise<void>): void {
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

export async function registerXlsx(ctx: AppContext, period: RegisterFilter): Promise<{ stream: Readable; rows: number }> {
  registerBounds(period);
  const rows = await registerCount(ctx, period);
  const out = new PassThrough();
  produce(out, async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Aduan';
    const headerRow = `A${REGISTER_HEADER_ROW}:${lastColumn}${REGISTER_HEADER_ROW}`;
    const sheet = workbook.addWorksheet('Buku Pengaduan', {
      views: [{ state: 'frozen', ySplit: REGISTER_HEADER_ROW }],
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        // 18 columns on one A4 width print at about 45 % (4.5 pt): two pages wide print near 90 %, and
        // each page repeats the number and tracking number so the halves of a row still belong together.
        fitToWidth: 2,
        fitToHeight: 0,
        printTitlesRow: `${REGISTER_HEADER_ROW}:${REGISTER_HEADER_ROW}`,
        printTitlesColumn: 'A:B',
        margins: { left: 0.4, right: 0.3, top: 0.5, bottom: 0.5, header: 0.25, footer: 0.25 },
      },
      headerFooter: { oddFooter: `&L${printedLine(ctx.now().toISOString())}&RHalaman &P dari &N` },
    });
    sheet.autoFilter = headerRow;
    sheet.columns = REGISTER_COLUMNS.map((c) => ({
      width: c.width,
      style: { font: { size: 10 }, alignment: { vertical: 'top', wrapText: c.wrap === true }, ...(c.date ? { numFmt: DATE_TIME_FORMAT } : {}) },
    }));
    sheet.addRow([ctx.config.office.name]).commit();
    sheet.addRow([`Buku Pengaduan — ${periodLabel(periodOf(period.from, period.to))} (${formatDateId(period.from)} s.d. ${formatDateId(period.to)})`]).commit();
    sheet.addRow([printedLine(ctx.now().toISOString())]).commit();
    const header = sheet.addRow(REGISTER_COLUMNS.map((c) => c.header));
    header.eachCell((cell) => {
      cell.font = { bold: true, size: 10 };
      cell.alignment = { vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
    });
    header.commit();
    for await (const batch of registerBatches(ctx, period)) {
      if (out.destroyed) return;
      for (const r of batch) {
        sheet.addRow(REGISTER_COLUMNS.map((c) => c.value(r))).commit();
      }
      while (sheetBacklog(sheet) > SHEET_BACKLOG_BYTES && !out.destroyed) await new Promise((resolve) => setTimeout(resolve, 2));
      await waitForReader(out);
    }
    sheet.commit();
    await workbook.commit();
  });
  return { stream: out, rows };
}
