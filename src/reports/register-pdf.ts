/**
 * The complaint register (*buku pengaduan*) as the A4 landscape PDF an office files: cells wrap and
 * rows grow with their text (nothing is cut), a row never splits across pages and the header row
 * repeats on each, every page says when it was printed and "Halaman n dari N", and the last one
 * closes with place, date and the signature of the records' signatory.
 *
 * It streams with flat memory in two passes over the rows: the first only measures them and keeps
 * where each page starts (a number per page), so N is known before the first page is written; the
 * second draws along those page starts. Both read the first `rows` rows (the count sent as
 * X-Total-Rows), so a complaint received meanwhile does not move the pages.
 */
import type { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import { closingBlock, closingHeight, drawClosing, printedLine, type ClosingBlock } from '../paper/records-closing.js';
import { recordsSignatory } from '../paper/signatory.js';
import { registerBatches, registerBounds, registerCount, type RegisterFilter, type RegisterRow } from '../register/query.js';
import { CHANNEL_LABELS, STATE_LABELS } from './labels.js';
import { formatDateId, periodLabel, periodOf } from './period.js';
import { loadLetterhead } from '../paper/letterhead.js';
import { createDoc, FONT, letterhead, waitForReader, type Doc } from './pdf.js';
import { followUpText, remarks, shortDate, subjectWithLocation, withVerdict } from './register-cells.js';
import { produce } from './register-export.js';

/** Characters of follow-up text a paper row holds (see followUpText). */
export const FOLLOW_UP_PAPER_CHARS = 480;

interface Column {
  header: string;
  /** Share of the page's width, in points of a 762-point line. */
  weight: number;
  value: (r: RegisterRow) => string;
}

/** Widths chosen so the usual longest word of each column fits on a line (a tracking number, a name); a date wraps before its time. */
export const PDF_COLUMNS: readonly Column[] = [
  { header: 'No', weight: 22, value: (r) => String(r.number) },
  { header: 'Nomor pengaduan', weight: 64, value: (r) => r.trackingNumber },
  { header: 'Diterima (WIB)', weight: 44, value: (r) => shortDate(r.receivedAt) },
  { header: 'Saluran', weight: 38, value: (r) => CHANNEL_LABELS[r.channel] },
  { header: 'Pelapor', weight: 58, value: (r) => r.reporter },
  { header: 'Jenis izin', weight: 60, value: (r) => r.permitType ?? '—' },
  { header: 'Perihal', weight: 108, value: (r) => subjectWithLocation(r) },
  { header: 'Bidang terkait', weight: 64, value: (r) => r.divisions.join('; ') || '—' },
  { header: 'Tanggapan pertama (tepat waktu?)', weight: 44, value: (r) => withVerdict(r.firstRespondedAt, r.firstResponseMet) },
  { header: 'Dijawab (tepat waktu?)', weight: 44, value: (r) => withVerdict(r.answeredAt, r.answerMet) },
  { header: 'Tindak lanjut', weight: 94, value: (r) => followUpText(r, FOLLOW_UP_PAPER_CHARS) || '—' },
  { header: 'Status dan keterangan', weight: 60, value: (r) => [STATE_LABELS[r.state], remarks(r)].filter(Boolean).join('\n') },
  { header: 'Petugas', weight: 62, value: (r) => r.owner ?? '—' },
];

const FONT_SIZE = 7;
const HEADER_FONT_SIZE = 6.5;
const PAD_X = 2;
const PAD_Y = 2.5;
const CLOSING_GAP = 16;
const CLOSING_WIDTH = 280;
const EMPTY_TEXT = 'Tidak ada pengaduan pada periode ini.';

interface Geometry {
  left: number;
  widths: number[];
  /** Where the header row starts on the first page (under the letterhead) and on the others. */
  firstTop: number;
  otherTop: number;
  /** The lowest y a row may reach. */
  bottom: number;
  headerHeight: number;
}

export async function registerPdf(ctx: AppContext, period: RegisterFilter): Promise<{ stream: Readable; rows: number }> {
  registerBounds(period);
  const [rows, signatory, head] = await Promise.all([registerCount(ctx, period), recordsSignatory(ctx.db.kysely), loadLetterhead(ctx)]);
  const now = ctx.now().toISOString();
  const label = periodLabel(periodOf(period.from, period.to));
  const doc = createDoc('landscape', `Buku Pengaduan ${period.from} – ${period.to}`);
  const closing = closingBlock(ctx.config.office, signatory, now);

  doc.addPage();
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  let top = letterhead(doc, head);
  doc.font(FONT.bold).fontSize(11).fillColor('black').text(`BUKU PENGADUAN — ${label}`, left, top, { width, align: 'center' });
  doc.font(FONT.regular).fontSize(8).text(`Periode ${formatDateId(period.from)} s.d. ${formatDateId(period.to)} · ${rows.toLocaleString('id-ID')} pengaduan`, left, doc.y + 1, { width, align: 'center' });
  top = doc.y + 8;

  const weights = PDF_COLUMNS.reduce((a, c) => a + c.weight, 0);
  const widths = PDF_COLUMNS.map((c) => (c.weight / weights) * width);
  const g: Geometry = { left, widths, firstTop: top, otherTop: doc.page.margins.top + 14, bottom: doc.page.height - doc.page.margins.bottom, headerHeight: 0 };
  g.headerHeight = rowHeight(doc, g, PDF_COLUMNS.map((c) => c.header), true);

  produce(doc, async () => {
    const plan = await planPages(ctx, period, rows, doc, g, closing);
    if (doc.destroyed) return;
    const pages = plan.breaks.length + 1 + (plan.closingOnNewPage ? 1 : 0);
    const stamp = (page: number) => footer(doc, page, pages, now);
    let page = 1;
    stamp(page);
    let y = headerRow(doc, g, g.firstTop);
    let index = 0;
    if (rows === 0) {
      doc.font(FONT.regular).fontSize(9).text(EMPTY_TEXT, left, y + 6);
      y = doc.y;
    }
    for await (const batch of registerBatches(ctx, period, 1000)) {
      if (doc.destroyed) return;
      for (const r of batch) {
        if (index === rows) break;
        if (index === plan.breaks[page - 1]) {
          page += 1;
          y = continuePage(doc, g, label, page, stamp);
        }
        const cells = PDF_COLUMNS.map((c) => c.value(r));
        const height = rowHeight(doc, g, cells, false);
        drawRow(doc, g, y, cells, height, false, index % 2 === 1);
        y += height;
        index += 1;
      }
      await waitForReader(doc);
      if (index === rows) break;
    }
    if (plan.closingOnNewPage) {
      page += 1;
      doc.addPage();
      title(doc, g, label);
      stamp(page);
      y = g.otherTop - 4;
    }
    drawClosing(doc, closing, left + width - CLOSING_WIDTH, y + CLOSING_GAP, CLOSING_WIDTH);
    doc.end();
  });
  return { stream: doc, rows };
}

/** The first pass: where each page after the first starts (as a row index) and whether the closing needs a page of its own. */
async function planPages(ctx: AppContext, period: { from: string; to: string }, rows: number, doc: Doc, g: Geometry, closing: ClosingBlock): Promise<{ breaks: number[]; closingOnNewPage: boolean }> {
  const breaks: number[] = [];
  const firstRowTop = g.otherTop + g.headerHeight;
  let y = g.firstTop + g.headerHeight;
  let pageTop = y;
  let index = 0;
  let lastHeight = 0;
  if (rows === 0) {
    doc.font(FONT.regular).fontSize(9);
    y += 6 + doc.currentLineHeight(true);
  }
  for await (const batch of registerBatches(ctx, period, 1000)) {
    if (doc.destroyed) break;
    for (const r of batch) {
      if (index === rows) break;
      const height = rowHeight(doc, g, PDF_COLUMNS.map((c) => c.value(r)), false);
      // A row taller than a whole page stays where it is rather than opening empty pages.
      if (y + height > g.bottom && y > pageTop) {
        breaks.push(index);
        y = firstRowTop;
        pageTop = y;
      }
      y += height;
      lastHeight = height;
      index += 1;
    }
    if (index === rows) break;
  }
  const closingRoom = CLOSING_GAP + closingHeight(doc, closing, CLOSING_WIDTH);
  if (y + closingRoom <= g.bottom) return { breaks, closingOnNewPage: false };
  // The signature never stands alone on a page: the last row moves over with it, under the header row.
  const lastIndex = index - 1;
  if (lastIndex > 0 && y - lastHeight > pageTop && firstRowTop + lastHeight + closingRoom <= g.bottom) {
    breaks.push(lastIndex);
    return { breaks, closingOnNewPage: false };
  }
  return { breaks, closingOnNewPage: true };
}

/** The height of a row whose cells wrap in their columns. */
function rowHeight(doc: Doc, g: Geometry, cells: string[], header: boolean): number {
  cellFont(doc, header);
  let lines = doc.currentLineHeight(true);
  const space = doc.widthOfString(' ');
  cells.forEach((text, i) => {
    const inner = (g.widths[i] ?? 0) - 2 * PAD_X;
    // Most cells are one short line: the width alone says so (with a space to spare, as pdfkit
    // measures a word with the space after it), cheaper than wrapping them.
    if (text === '' || (!text.includes('\n') && doc.widthOfString(text) + space <= inner)) return;
    lines = Math.max(lines, doc.heightOfString(text, { width: inner }));
  });
  return lines + 2 * PAD_Y;
}

function title(doc: Doc, g: Geometry, label: string): void {
  const width = g.widths.reduce((a, b) => a + b, 0);
  doc.font(FONT.bold).fontSize(9).fillColor('black').text(`BUKU PENGADUAN — ${label} (lanjutan)`, g.left, doc.page.margins.top, { width, lineBreak: false });
}

function continuePage(doc: Doc, g: Geometry, label: string, page: number, stamp: (page: number) => void): number {
  doc.addPage();
  title(doc, g, label);
  stamp(page);
  return headerRow(doc, g, g.otherTop);
}

function headerRow(doc: Doc, g: Geometry, y: number): number {
  drawRow(doc, g, y, PDF_COLUMNS.map((c) => c.header), g.headerHeight, true, false);
  return y + g.headerHeight;
}

/** The print date on the left and the page number on the right, inside the bottom margin. */
function footer(doc: Doc, page: number, pages: number, now: string): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  // pdfkit opens a new page for text below the bottom margin: lift it while writing.
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  const y = doc.page.height - bottom + 10;
  doc.font(FONT.regular).fontSize(7).fillColor('black');
  doc.text(printedLine(now), left, y, { width, lineBreak: false });
  doc.text(`Halaman ${page} dari ${pages}`, left, y, { width, align: 'right', lineBreak: false });
  doc.page.margins.bottom = bottom;
}

function cellFont(doc: Doc, header: boolean): void {
  doc.font(header ? FONT.condensedBold : FONT.condensed).fontSize(header ? HEADER_FONT_SIZE : FONT_SIZE);
}

/** One row of the ruled table; `height` comes from rowHeight, so every line of every cell fits. */
function drawRow(doc: Doc, g: Geometry, y: number, cells: string[], height: number, header: boolean, shaded: boolean): void {
  const total = g.widths.reduce((a, b) => a + b, 0);
  if (header || shaded) doc.rect(g.left, y, total, height).fill(header ? '#d9d9d9' : '#f3f3f3');
  doc.fillColor('black');
  cellFont(doc, header);
  let x = g.left;
  g.widths.forEach((w, i) => {
    // The height option keeps pdfkit from opening a page should a cell ever reach the margin.
    doc.text(cells[i] ?? '', x + PAD_X, y + PAD_Y, { width: w - 2 * PAD_X, height: height - PAD_Y, align: header ? 'center' : 'left' });
    x += w;
  });
  doc.lineWidth(0.4).strokeColor('#8c8c8c');
  doc.rect(g.left, y, total, height).stroke();
  x = g.left;
  for (const w of g.widths.slice(0, -1)) {
    x += w;
    doc.moveTo(x, y).lineTo(x, y + height).stroke();
  }
  doc.strokeColor('black').lineWidth(1);
}
