/**
 * The register and the recap as records an office files and a head of division signs: rendered
 * with poppler (pdftoppm proves every page renders; pdftotext reads each column on its own) and
 * checked for cut text, whole long values, rows kept on one page, page numbers, print date and
 * the closing block; the register XLSX read back for its filter, widths, wrapping and print setup.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFigure } from '../../src/reports/figure-format.js';
import type { Recap } from '../../src/reports/recap.js';
import { FOLLOW_UP_REST } from '../../src/reports/register-cells.js';
import { REGISTER_COLUMNS, REGISTER_HEADER_ROW } from '../../src/reports/register-export.js';
import { PDF_COLUMNS } from '../../src/reports/register-pdf.js';
import { DIALECTS } from '../support/databases.js';
import { ADMIN, startTestApp, type TestApp } from '../support/test-app.js';
import { downloader, pdfInfo, pdfPages, pdfRender, pdfStrip, type Download } from './files.js';
import { buildLongRegister, LONG_DIVISION, LONG_STAFF, longSubject, SIGNER } from './paper-records.js';

const COMPLAINTS = 16;
const YEAR = '/api/staff/register.pdf?from=2026-01-01&to=2026-12-31';
const flat = (text: string) => text.replace(/\s+/g, '');

/** Where each register column lies on the landscape page (40-point margins), to read it alone. */
function columnStrip(header: string): { x: number; width: number } {
  const total = PDF_COLUMNS.reduce((a, c) => a + c.weight, 0);
  const scale = (841.89 - 80) / total;
  let x = 40;
  for (const c of PDF_COLUMNS) {
    if (c.header === header) return { x: x + 1, width: c.weight * scale - 2 };
    x += c.weight * scale;
  }
  throw new Error(`no column ${header}`);
}

/** Every page rendered to PNG in the expected orientation, its text, and no ellipsis anywhere. */
function rendered(pdf: Buffer, layout: 'landscape' | 'portrait'): { info: ReturnType<typeof pdfInfo>; pages: string[]; text: string } {
  const info = pdfInfo(pdf);
  const images = pdfRender(pdf);
  expect(images).toHaveLength(info.pages);
  for (const image of images) expect(image.width > image.height, `${image.width}×${image.height}`).toBe(layout === 'landscape');
  const pages = pdfPages(pdf);
  const text = pages.join('\n');
  expect(text).not.toContain('…');
  return { info, pages, text };
}

describe.each(DIALECTS)('the register and the recap on paper on %s', (dialect) => {
  let t: TestApp;
  let download: (url: string) => Promise<Download>;

  beforeAll(async () => {
    // 1 December 2026, 13:04 WIB.
    t = await startTestApp(dialect, { at: '2026-12-01T06:04:00.000Z' });
    await buildLongRegister(t, COMPLAINTS);
    download = await downloader(t, ADMIN.email, ADMIN.password);
  });
  afterAll(async () => t?.close());

  it('prints the register with every long cell whole, rows kept on one page, and the signature at the end', async () => {
    const res = await download(YEAR);
    expect(res.status).toBe(200);
    const { info, pages } = rendered(res.body, 'landscape');
    expect(info.size).toContain('841.89 x 595.28');
    expect(info.pages).toBeGreaterThanOrEqual(3);
    pages.forEach((page, i) => {
      expect(page).toContain(`Halaman ${i + 1} dari ${info.pages}`);
      expect(page).toContain('Dicetak 1 Desember 2026 pukul 13.04 WIB');
    });

    // Each column read on its own: the long values are there whole, the follow-up shortened with a pointer.
    const column = (header: string) => {
      const strip = columnStrip(header);
      return pdfStrip(res.body, strip.x, strip.width);
    };
    const subjects = column('Perihal');
    const allSubjects = flat(subjects.join(''));
    for (let i = 1; i <= COMPLAINTS; i++) expect(allSubjects).toContain(flat(longSubject(i)));
    expect(flat(column('Bidang terkait').join(''))).toContain(flat(LONG_DIVISION));
    const staff = flat(column('Petugas').join(''));
    expect(staff.split(flat(LONG_STAFF)).length - 1).toBe(COMPLAINTS);
    expect(flat(column('Tindak lanjut').join(''))).toContain(flat(FOLLOW_UP_REST));

    // A row never splits: the numbers in the 'No' column of a page are exactly the subjects finished on it.
    const numbers = column('No').map((page) => (page.match(/^\s*(\d+)\s*$/gm) ?? []).map(Number));
    const ends = subjects.map((page) => (flat(page).match(/nomor(\d{4})/g) ?? []).map((m) => Number(m.slice(5))));
    expect(numbers.flat()).toEqual(Array.from({ length: COMPLAINTS }, (_, i) => i + 1));
    expect(ends).toEqual(numbers);

    const last = pages[pages.length - 1] ?? '';
    for (const line of ['Tangerang, 1 Desember 2026', 'Mengetahui,', SIGNER.position, SIGNER.name, `NIP ${SIGNER.nip}`]) expect(last).toContain(line);
  });

  it('exports the register XLSX ready to print: filter, legible widths, wrapped text, repeated header, A4 landscape', async () => {
    const res = await download(YEAR.replace('.pdf', '.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Buku Pengaduan') as ExcelJS.Worksheet;
    const last = String.fromCharCode(64 + REGISTER_COLUMNS.length);
    expect(sheet.autoFilter).toBe(`A${REGISTER_HEADER_ROW}:${last}${REGISTER_HEADER_ROW}`);
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 2, fitToHeight: 0, printTitlesRow: `${REGISTER_HEADER_ROW}:${REGISTER_HEADER_ROW}`, printTitlesColumn: 'A:B' });
    const widths = REGISTER_COLUMNS.map((_, i) => sheet.getColumn(i + 1).width ?? 0);
    expect(Math.max(...widths)).toBeLessThanOrEqual(40);
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(320);
    const at = (header: string) => REGISTER_COLUMNS.findIndex((c) => c.header === header) + 1;
    expect(sheet.getColumn(at('Perihal')).width).toBe(40);
    const first = sheet.getRow(REGISTER_HEADER_ROW + 1);
    for (const header of ['Perihal', 'Bidang terkait', 'Tindak lanjut', 'Keterangan', 'Petugas']) expect(first.getCell(at(header)).alignment?.wrapText, header).toBe(true);
    expect(sheet.getRow(REGISTER_HEADER_ROW).getCell(at('Tindak lanjut')).value).toBe('Tindak lanjut');
    expect(first.getCell(at('Perihal')).value).toBe(longSubject(1));
    expect(first.getCell(at('Petugas')).value).toBe(LONG_STAFF);
    expect(sheet.getRow(3).getCell(1).value).toBe('Dicetak 1 Desember 2026 pukul 13.04 WIB');
    // The spreadsheet holds the whole follow-up, where paper points to the complaint sheet.
    const followUps = Array.from({ length: COMPLAINTS }, (_, i) => String(sheet.getRow(REGISTER_HEADER_ROW + 1 + i).getCell(at('Tindak lanjut')).value ?? ''));
    expect(followUps.some((f) => f.length > 4000 && !f.includes(FOLLOW_UP_REST))).toBe(true);
  });

  it('prints the recap with Indonesian months, the trend chart, the screen\'s rounding, whole division names and the signature', async () => {
    const json = JSON.parse((await download('/api/staff/recap?period=2026')).body.toString('utf8')) as Recap;
    expect(json.current.byMonth.map((b) => b.label)).toContain('Juni 2026');
    expect(json.current.monthly).toHaveLength(12);
    expect(json.current.monthly.reduce((a, m) => a + m.received, 0)).toBe(COMPLAINTS);

    const res = await download('/api/staff/recap.pdf?period=2026');
    expect(res.status).toBe(200);
    const { info, pages, text } = rendered(res.body, 'portrait');
    expect(text).not.toMatch(/2026-\d\d|June|October/);
    for (const words of ['Tren bulanan', 'Jumlah pengaduan', 'Bulan diterima', 'Dijawab tepat waktu', 'Jun', 'Des']) expect(text).toContain(words);
    pages.forEach((page, i) => expect(page).toContain(`Halaman ${i + 1} dari ${info.pages}`));

    // The screen's rounding (figure-format.ts): one decimal for working days, not two.
    const median = json.current.answer.medianWorkingDays as number;
    expect(text).toContain(formatFigure(median, 'days'));
    if (median.toFixed(2) !== median.toFixed(1) + '0') expect(text).not.toContain(median.toFixed(2).replace('.', ','));

    // No bar and no "0" for 2025, which had no complaint, nor for a category empty in both years.
    const charts = text.slice(text.indexOf('Menurut saluran'), text.indexOf('Indeks kepuasan per unsur'));
    expect(charts).not.toMatch(/(^|\s)0(\s|$)/);

    // Labels of the bar charts, read alone, hold the long division name whole.
    const labels = pdfStrip(res.body, 40, 184).join('');
    expect(flat(labels)).toContain(flat(LONG_DIVISION));
    const last = pages[pages.length - 1] ?? '';
    for (const line of ['Tangerang, 1 Desember 2026', 'Mengetahui,', SIGNER.name, `NIP ${SIGNER.nip}`]) expect(last).toContain(line);
    expect(flat(last)).toContain(flat(SIGNER.position));
  });
});
