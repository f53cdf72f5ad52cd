/**
 * The recap as the A4 PDF a head of division signs: the key figures beside the previous period,
 * the monthly trend (received, answered on time), bar charts per category, the satisfaction index
 * per element, and the closing block. Figures are rounded as on the screen (figure-format.ts);
 * months are named in Indonesian; an empty category has neither bar nor "0"; labels wrap.
 */
import { CHANNEL_LABELS } from './labels.js';
import type { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import { loadLetterhead } from '../paper/letterhead.js';
import { closingBlock, closingHeight, drawClosing, printedLine } from '../paper/records-closing.js';
import { recordsSignatory } from '../paper/signatory.js';
import { formatFigure, type FigureKind } from './figure-format.js';
import { formatDateId, MONTHS_ID } from './period.js';
import { createDoc, FONT, letterhead, type Doc } from './pdf.js';
import type { Bucket, Recap, RecapFigures } from './recap.js';
import { gradeText, pairBuckets, SUMMARY_LINES } from './recap-export.js';

const CURRENT_COLOUR = '#1f5f99';
const PREVIOUS_COLOUR = '#a9c4de';
const ON_TIME_COLOUR = '#3f8f4f';
const AXIS_COLOUR = '#555555';
const CLOSING_WIDTH = 300;

const formatValue = (v: number | string | null, format: FigureKind | 'text'): string => (typeof v === 'string' ? v : format === 'text' ? '—' : formatFigure(v, format));

export async function recapPdf(ctx: AppContext, recap: Recap): Promise<Readable> {
  const { current, previous } = recap;
  const signatory = await recordsSignatory(ctx.db.kysely);
  // Buffered pages (a recap is a few pages) so each can say 'Halaman n dari N' at the end.
  const doc = createDoc('portrait', `Rekapan Pengaduan ${current.period.label}`, { bufferPages: true });
  doc.addPage();
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  doc.y = letterhead(doc, await loadLetterhead(ctx));
  const ofChannel = recap.channel ? ` SALURAN ${CHANNEL_LABELS[recap.channel].toUpperCase()}` : '';
  doc.font(FONT.bold).fontSize(13).text(`REKAPAN PENGADUAN${ofChannel} — ${current.period.label.toUpperCase()}`, left, doc.y, { width, align: 'center' });
  doc
    .font(FONT.regular)
    .fontSize(8.5)
    .text(`${formatDateId(current.period.from)} s.d. ${formatDateId(current.period.to)}; dibandingkan dengan ${previous.period.label} (${formatDateId(previous.period.from)} s.d. ${formatDateId(previous.period.to)}).`, left, doc.y + 2, { width, align: 'center' });
  doc.y += 10;

  summaryTable(doc, current, previous);
  trendChart(doc, current);

  legend(doc, [
    [CURRENT_COLOUR, current.period.label],
    [PREVIOUS_COLOUR, previous.period.label],
  ]);
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
    // A category empty in both periods says nothing: it is left out rather than drawn as "0".
    const rows = pairBuckets(cur, prev).filter((r) => cur.some((b) => b.key === r.key) && r.current + r.previous > 0);
    barChart(doc, title, rows.map((r) => ({ label: r.label, current: r.current, previous: r.previous })), 'count');
  }
  const closing = closingBlock(ctx.config.office, signatory, recap.generatedAt);
  const closingRoom = 20 + closingHeight(doc, closing, CLOSING_WIDTH);
  // The last chart keeps the signature company: the block never stands alone on a page.
  barChart(
    doc,
    current.satisfaction.ikm === null
      ? 'Indeks kepuasan per unsur'
      : `Indeks kepuasan per unsur (IKM ${formatValue(current.satisfaction.ikm, 'index')}${current.satisfaction.grade ? `, mutu ${gradeText(current.satisfaction.grade)}` : ''})`,
    current.satisfaction.elements.map((e, i) => ({ label: `U${e.element} ${e.name}`, current: e.index ?? 0, previous: previous.satisfaction.elements[i]?.index ?? 0 })).filter((r) => r.current + r.previous > 0),
    'index',
    100,
    closingRoom,
  );
  ensureRoom(doc, closingRoom);
  drawClosing(doc, closing, left + width - CLOSING_WIDTH, doc.y + 20, CLOSING_WIDTH);
  pageFooters(doc, printedLine(recap.generatedAt));
  doc.end();
  return doc;
}

const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const pageBottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Opens a new page unless `height` fits below doc.y. */
function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > pageBottom(doc)) {
    doc.addPage();
    doc.y = doc.page.margins.top;
  }
}

function summaryTable(doc: Doc, current: RecapFigures, previous: RecapFigures): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const col = [width - 180, 90, 90] as const;
  const line = (cells: [string, string, string], bold: boolean) => {
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(8.5);
    const h = Math.max(doc.heightOfString(cells[0], { width: col[0] - 6 }), 10);
    ensureRoom(doc, h + 2);
    const y = doc.y;
    doc.fillColor('black').text(cells[0], left, y, { width: col[0] - 6 });
    doc.text(cells[1], left + col[0], y, { width: col[1], align: 'right' });
    doc.text(cells[2], left + col[0] + col[1], y, { width: col[2], align: 'right' });
    doc.y = y + h + 2;
    doc.moveTo(left, doc.y - 1).lineTo(left + width, doc.y - 1).lineWidth(0.3).strokeColor('#bbbbbb').stroke().strokeColor('black');
  };
  line(['Ukuran', current.period.label, previous.period.label], true);
  for (const l of SUMMARY_LINES) line([l.label, formatValue(l.value(current), l.format), formatValue(l.value(previous), l.format)], false);
}

function legend(doc: Doc, entries: [string, string][]): void {
  const left = doc.page.margins.left;
  ensureRoom(doc, 40);
  doc.y += 10;
  const y = doc.y;
  let x = left;
  doc.font(FONT.regular).fontSize(8);
  for (const [colour, text] of entries) {
    doc.rect(x, y, 10, 7).fill(colour);
    doc.fillColor('black').text(text, x + 14, y - 1, { lineBreak: false });
    x += 14 + doc.widthOfString(text) + 18;
  }
  doc.y = y + 12;
}

/** The smallest of 1, 2, 5 × 10ⁿ that splits `max` into at most five steps. */
function tickStep(max: number): number {
  const rough = Math.max(1, max / 5);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  return ([1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude);
}

/** Complaints received per month of the period and how many of them were answered on time: vertical bars on labelled axes. */
function trendChart(doc: Doc, figures: RecapFigures): void {
  const months = figures.monthly;
  const plotHeight = 130;
  ensureRoom(doc, plotHeight + 90);
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  doc.y += 14;
  doc.font(FONT.bold).fontSize(10).fillColor('black').text('Tren bulanan: pengaduan diterima dan dijawab tepat waktu', left, doc.y, { width });
  legend(doc, [
    [CURRENT_COLOUR, 'Diterima'],
    [ON_TIME_COLOUR, 'Dijawab tepat waktu'],
  ]);
  const axisX = left + 42;
  const plotWidth = left + width - axisX;
  const top = doc.y + 8;
  const baseY = top + plotHeight;
  const max = Math.max(1, ...months.map((m) => m.received));
  const step = tickStep(max);
  const scaleMax = Math.ceil(max / step) * step;
  const yOf = (v: number) => baseY - (v / scaleMax) * plotHeight;

  doc.font(FONT.regular).fontSize(7).fillColor(AXIS_COLOUR);
  for (let v = 0; v <= scaleMax; v += step) {
    const y = yOf(v);
    doc.moveTo(axisX, y).lineTo(axisX + plotWidth, y).lineWidth(0.3).strokeColor(v === 0 ? AXIS_COLOUR : '#dddddd').stroke();
    doc.text(formatFigure(v, 'count'), left + 12, y - 3.5, { width: axisX - left - 16, align: 'right', lineBreak: false });
  }
  doc.moveTo(axisX, top - 4).lineTo(axisX, baseY).lineWidth(0.6).strokeColor(AXIS_COLOUR).stroke();
  // The y axis's title, turned to read upwards along it.
  doc.save().rotate(-90, { origin: [left + 4, baseY] }).font(FONT.regular).fontSize(7).fillColor(AXIS_COLOUR).text('Jumlah pengaduan', left + 4, baseY - 4, { width: plotHeight, align: 'center', lineBreak: false }).restore();

  const slot = plotWidth / Math.max(1, months.length);
  const bar = Math.min(16, slot * 0.36);
  const showValues = slot >= 22;
  // Every month is named when there is room; over many years, every third, sixth or twelfth.
  const every = [1, 2, 3, 6, 12].find((n) => slot * n >= 26) ?? 12;
  months.forEach((m, i) => {
    const centre = axisX + slot * (i + 0.5);
    const series: [number, string][] = [
      [m.received, CURRENT_COLOUR],
      [m.answeredOnTime, ON_TIME_COLOUR],
    ];
    series.forEach(([value, colour], k) => {
      // An empty month keeps its place on the axis but gets no bar and no "0".
      if (value <= 0) return;
      const x = centre - bar - 1 + k * (bar + 2);
      doc.rect(x, yOf(value), bar, baseY - yOf(value)).fill(colour);
      if (showValues) doc.font(FONT.regular).fontSize(6.5).fillColor('black').text(formatFigure(value, 'count'), x - 6, yOf(value) - 9, { width: bar + 12, align: 'center', lineBreak: false });
    });
    if (i % every === 0 || months.length <= 12) {
      const [year, month] = m.month.split('-') as [string, string];
      const name = MONTHS_ID[Number(month) - 1]?.slice(0, 3) ?? month;
      doc.font(FONT.regular).fontSize(7).fillColor(AXIS_COLOUR).text(i === 0 || month === '01' ? `${name}\n${year}` : name, centre - slot * every / 2, baseY + 3, { width: slot * every, align: 'center' });
    }
  });
  doc.font(FONT.regular).fontSize(7).fillColor(AXIS_COLOUR).text('Bulan diterima', axisX, baseY + 24, { width: plotWidth, align: 'center', lineBreak: false });
  doc.fillColor('black').strokeColor('black').lineWidth(1);
  doc.y = baseY + 36;
}

/** Horizontal bars, the current period above the previous one for each category; labels wrap, empty bars are left out. */
function barChart(doc: Doc, title: string, rows: { label: string; current: number; previous: number }[], kind: FigureKind, scaleMax?: number, keepWith = 0): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const labelWidth = 190;
  const barArea = width - labelWidth - 50;
  doc.font(FONT.regular).fontSize(7.5);
  const heights = rows.map((r) => Math.max(16, doc.heightOfString(r.label, { width: labelWidth - 6 }) + 5));
  const chartHeight = 24 + (heights.length ? heights.reduce((a, b) => a + b, 0) : 16);
  // A chart moves to the next page whole when it fits on one; a longer one breaks between rows.
  ensureRoom(doc, Math.min(chartHeight, 24 + (heights[0] ?? 16) * 3));
  const page = pageBottom(doc) - doc.page.margins.top;
  if (chartHeight + keepWith <= page) ensureRoom(doc, chartHeight + keepWith);
  else if (chartHeight <= page) ensureRoom(doc, chartHeight);
  doc.y += 10;
  doc.font(FONT.bold).fontSize(10).fillColor('black').text(title, left, doc.y, { width });
  doc.y += 4;
  if (rows.length === 0) {
    doc.font(FONT.regular).fontSize(8.5).text('Tidak ada data.', left, doc.y);
    return;
  }
  const max = scaleMax ?? Math.max(1, ...rows.map((r) => Math.max(r.current, r.previous)));
  rows.forEach((r, i) => {
    ensureRoom(doc, heights[i] ?? 16);
    const y = doc.y;
    doc.font(FONT.regular).fontSize(7.5).fillColor('black').text(r.label, left, y + 1, { width: labelWidth - 6 });
    const cw = (r.current / max) * barArea;
    const pw = (r.previous / max) * barArea;
    if (r.current > 0) {
      doc.rect(left + labelWidth, y + 1, cw, 6.5).fill(CURRENT_COLOUR);
      doc.fillColor('black').fontSize(7).text(formatFigure(r.current, kind), left + labelWidth + cw + 3, y, { lineBreak: false });
    }
    if (r.previous > 0) {
      doc.rect(left + labelWidth, y + 8, pw, 5).fill(PREVIOUS_COLOUR);
      doc.fillColor('#555555').fontSize(6.5).text(formatFigure(r.previous, kind), left + labelWidth + pw + 3, y + 7.5, { lineBreak: false });
    }
    doc.fillColor('black');
    doc.y = y + (heights[i] ?? 16);
  });
}

/** The print date and "Halaman n dari N" on every page, once all are laid out. */
function pageFooters(doc: Doc, printed: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - bottom + 10;
    const width = contentWidth(doc);
    doc.font(FONT.regular).fontSize(7).fillColor('black');
    doc.text(printed, doc.page.margins.left, y, { width, lineBreak: false });
    doc.text(`Halaman ${i + 1} dari ${range.count}`, doc.page.margins.left, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
