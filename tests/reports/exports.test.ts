import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { pairBuckets, SUMMARY_LINES, BUCKET_TABLES, COUNT_FORMAT, SHARE_FORMAT, DECIMAL_FORMAT } from '../../src/reports/recap-export.js';
import type { Recap } from '../../src/reports/recap.js';
import { DATE_TIME_FORMAT, REGISTER_COLUMNS, REGISTER_HEADER_ROW } from '../../src/reports/register-export.js';
import { DIALECTS } from '../support/databases.js';
import { ADMIN, startTestApp, type TestApp } from '../support/test-app.js';
import { downloader, pdfInfo, pdfPages, type Download } from './files.js';
import { buildRecapFixture, type Fixture } from './fixture.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbookOf(d: Download): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(d.body as unknown as ArrayBuffer);
  return wb;
}

describe.each(DIALECTS)('paper and spreadsheets on %s', (dialect) => {
  let t: TestApp;
  let f: Fixture;
  let kasie: (url: string) => Promise<Download>;
  let staff: (url: string) => Promise<Download>;
  let officer: (url: string) => Promise<Download>;
  let admin: (url: string) => Promise<Download>;

  beforeAll(async () => {
    t = await startTestApp(dialect, { env: { RATE_LIMIT_SUBMIT_PER_HOUR: '0', OFFICE_NAME: 'Dinas Uji Coba Kota Tangerang', OFFICE_ADDRESS: 'Jl. Satria–Sudirman No. 1' } });
    f = await buildRecapFixture(t);
    [kasie, staff, officer, admin] = await Promise.all([
      downloader(t, 'kasie@test.local'),
      downloader(t, 'staf@test.local'),
      downloader(t, 'pp@test.local'),
      downloader(t, ADMIN.email, ADMIN.password),
    ]);
  });
  afterAll(async () => t?.close());

  it('prints the filled complaint sheet with letterhead, QR code, handling and embedded fonts', async () => {
    const res = await kasie(`/api/staff/complaints/${f.tn.A}/sheet.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const info = pdfInfo(res.body);
    expect(info.pages).toBe(1);
    expect(info.size).toContain('595.28 x 841.89');
    expect(info.fonts).toMatch(/DejaVuSans\s.*yes/);
    expect(info.images).toBe(1);
    const text = pdfPages(res.body).join('\n');
    for (const expected of [
      'DINAS UJI COBA KOTA TANGERANG',
      'Jl. Satria–Sudirman No. 1',
      'LEMBAR PENGADUAN',
      `Nomor Pengaduan: ${f.tn.A}`,
      'PBG — Persetujuan Bangunan Gedung (hunian)',
      'PBG hunian — belum terbit, “status” tidak berubah',
      'Budi Santoso',
      'Mohon ditindaklanjuti segera.',
      'Berkas diverifikasi ulang.',
      'Pelapor dipandu melengkapi gambar teknis.',
      'PBG Anda terbit dan dapat diunduh melalui sistem.',
      '1 Oktober 2026 pukul 11.00 WIB (batas 2 Oktober 2026 pukul 08.52 WIB) — tepat waktu',
      'Diterima oleh',
      'Jawaban disetujui oleh',
    ]) {
      expect(text.replace(/\s+/g, ' ')).toContain(expected);
    }
  });

  it('prints the blank sheet of a new complaint and masks an anonymous reporter outside the intake desk', async () => {
    const intake = pdfPages((await staff(`/api/staff/complaints/${f.tn.F}/sheet.pdf`)).body).join('\n');
    expect(intake).toContain('Nama Tersembunyi');
    expect(intake).not.toContain('Instruksi:');
    expect(intake).toContain('Ditindaklanjuti oleh');
    const masked = await admin(`/api/staff/complaints/${f.tn.F}/sheet.pdf`);
    expect(masked.status).toBe(200);
    const maskedText = pdfPages(masked.body).join('\n');
    expect(maskedText).toContain('Anonim');
    expect(maskedText).not.toContain('Nama Tersembunyi');
    // A division officer gets the sheets of their division only.
    expect((await officer(`/api/staff/complaints/${f.tn.A}/sheet.pdf`)).status).toBe(200);
    expect((await officer(`/api/staff/complaints/${f.tn.F}/sheet.pdf`)).status).toBe(404);
    expect((await kasie('/api/staff/complaints/ADU-2026-999999/sheet.pdf')).status).toBe(404);
    expect((await kasie('/api/staff/complaints/nonsense/sheet.pdf')).status).toBe(422);
  });

  it('exports the register as XLSX that reads back cell by cell', async () => {
    const res = await kasie('/api/staff/register.xlsx?from=2026-10-01&to=2026-10-31');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('x-total-rows')).toBe('6');
    const sheet = (await workbookOf(res)).getWorksheet('Buku Pengaduan');
    if (!sheet) throw new Error('no register sheet');
    expect(sheet.getRow(REGISTER_HEADER_ROW).values).toEqual([undefined, ...REGISTER_COLUMNS.map((c) => c.header)]);
    const rows = Array.from({ length: 6 }, (_, i) => sheet.getRow(REGISTER_HEADER_ROW + 1 + i));
    expect(rows.map((r) => r.getCell(2).value)).toEqual([f.tn.A, f.tn.B, f.tn.C, f.tn.D, f.tn.E, f.tn.F]);
    expect(sheet.getRow(REGISTER_HEADER_ROW + 7).getCell(2).value).toBeNull();
    const [a, b, , d, , last] = rows as [ExcelJS.Row, ExcelJS.Row, ExcelJS.Row, ExcelJS.Row, ExcelJS.Row, ExcelJS.Row];
    // Dates are real dates, in Jakarta wall time: A came at 09:00 WIB.
    expect(a.getCell(3).value).toEqual(new Date('2026-10-01T09:00:00.000Z'));
    expect(a.getCell(3).numFmt).toBe(DATE_TIME_FORMAT);
    expect(a.getCell(1).value).toBe(1);
    expect([a.getCell(4).value, a.getCell(5).value, a.getCell(6).value, a.getCell(8).value]).toEqual(['Situs web', 'Budi Santoso', 'PBG — Persetujuan Bangunan Gedung (hunian)', 'Bidang Penyelenggaraan Pelayanan Perizinan dan Non Perizinan']);
    expect([a.getCell(10).value, a.getCell(11).value, a.getCell(13).value, a.getCell(14).value, a.getCell(15).value]).toEqual([new Date('2026-10-01T11:00:00.000Z'), 'Ya', new Date('2026-10-06T09:00:00.000Z'), 'Ya', 'Dijawab']);
    expect([b.getCell(4).value, b.getCell(5).value, b.getCell(11).value, b.getCell(15).value]).toEqual(['Telepon', 'Agus Wijaya', 'Tidak', 'Dibuka kembali']);
    expect([d.getCell(4).value, d.getCell(10).value, d.getCell(11).value, d.getCell(15).value]).toEqual(['Surat', null, null, 'Diterima']);
    expect(last.getCell(5).value).toBe('Anonim');
    expect(JSON.stringify(rows.map((r) => r.values))).not.toContain('Nama Tersembunyi');

    expect((await officer('/api/staff/register.xlsx?from=2026-10-01&to=2026-10-31')).status).toBe(403);
    expect((await kasie('/api/staff/register.xlsx?from=2026-10-31&to=2026-10-01')).status).toBe(422);
    expect((await kasie('/api/staff/register.xlsx?from=2026-10-01')).status).toBe(422);
  });

  it('exports the register as A4 landscape PDF', async () => {
    const res = await kasie('/api/staff/register.pdf?from=2026-10-01&to=2026-10-31');
    expect(res.status).toBe(200);
    const info = pdfInfo(res.body);
    expect(info.pages).toBe(1);
    expect(info.size).toContain('841.89 x 595.28');
    const text = pdfPages(res.body)[0] ?? '';
    for (const tn of [f.tn.A, f.tn.B, f.tn.C, f.tn.D, f.tn.E, f.tn.F]) expect(text).toContain(tn);
    expect(text).not.toContain(f.tn.G);
    expect(text).toContain('BUKU PENGADUAN — Oktober 2026');
    expect(text).toContain('Halaman 1 dari 1');
    expect(text).toContain('Anonim');
    expect(text).not.toContain('Nama Tersembunyi');
    const empty = await kasie('/api/staff/register.pdf?from=2025-01-01&to=2025-01-31');
    expect(pdfPages(empty.body)[0]).toContain('Tidak ada pengaduan pada periode ini.');
  });

  it('exports the recap as XLSX, a sheet per table, matching the recap figures cell by cell', async () => {
    const recap = (await (await fetch(`${t.url}/api/public/statistics?year=2026`)).json()) as unknown;
    expect(recap).toBeTruthy();
    const json = JSON.parse((await kasie('/api/staff/recap?period=2026-10')).body.toString('utf8')) as Recap;
    const res = await kasie('/api/staff/recap.xlsx?period=2026-10');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    const wb = await workbookOf(res);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Ringkasan', ...BUCKET_TABLES.map((b) => b.sheet), 'IKM']);

    const summary = wb.getWorksheet('Ringkasan') as ExcelJS.Worksheet;
    expect(summary.getRow(3).getCell(2).value).toEqual(new Date('2026-10-01T00:00:00.000Z'));
    expect(summary.getRow(3).getCell(5).value).toEqual(new Date('2026-09-01T00:00:00.000Z'));
    expect(summary.getRow(5).values).toEqual([undefined, 'Ukuran', 'Oktober 2026', 'September 2026']);
    SUMMARY_LINES.forEach((line, i) => {
      const row = summary.getRow(6 + i);
      expect(row.getCell(1).value).toBe(line.label);
      expect(row.getCell(2).value, line.label).toBe(line.value(json.current));
      expect(row.getCell(3).value, line.label).toBe(line.value(json.previous));
      if (line.format === 'count') expect(row.getCell(2).numFmt).toBe(COUNT_FORMAT);
      if (line.format === 'share') expect(row.getCell(2).numFmt).toBe(SHARE_FORMAT);
      if (line.format === 'days' || line.format === 'index') expect(row.getCell(2).numFmt).toBe(DECIMAL_FORMAT);
    });
    // The hand-computed figures land where the office reads them.
    const byLabel = (label: string) => summary.getRows(6, SUMMARY_LINES.length)?.find((r) => r.getCell(1).value === label);
    expect(byLabel('Pengaduan diterima')?.getCell(2).value).toBe(6);
    expect(byLabel('Indeks Kepuasan Masyarakat (IKM, 25–100)')?.getCell(2).value).toBe(80.56);
    expect(byLabel('Mutu pelayanan')?.getCell(2).value).toBe('B (Baik)');
    expect(byLabel('Hari kerja sampai dijawab — persentil ke-90')?.getCell(2).value).toBe(3.85);

    for (const table of BUCKET_TABLES) {
      const sheet = wb.getWorksheet(table.sheet) as ExcelJS.Worksheet;
      const expected = pairBuckets(table.pick(json.current), table.pick(json.previous));
      expected.forEach((r, i) => {
        const row = sheet.getRow(6 + i);
        expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(4).value, row.getCell(5).value], table.sheet).toEqual([r.label, r.current, r.currentShare, r.previous, r.previousShare]);
        expect(row.getCell(3).numFmt).toBe(SHARE_FORMAT);
      });
      expect(sheet.getRow(6 + expected.length).getCell(1).value).toBeNull();
    }
    const channels = wb.getWorksheet('Saluran') as ExcelJS.Worksheet;
    expect(channels.getRow(6).values).toEqual([undefined, 'Situs web', 4, 0.6667, 1, 1]);

    const ikm = wb.getWorksheet('IKM') as ExcelJS.Worksheet;
    json.current.satisfaction.elements.forEach((e, i) => {
      expect([ikm.getRow(6 + i).getCell(3).value, ikm.getRow(6 + i).getCell(4).value, ikm.getRow(6 + i).getCell(5).value]).toEqual([e.nrr, e.index, e.grade]);
    });
    expect(ikm.getRow(15).getCell(4).value).toBe(80.56);
    expect((await officer('/api/staff/recap.xlsx?period=2026-10')).status).toBe(403);
  });

  it('exports the recap as PDF with its charts and page numbers', async () => {
    const res = await kasie('/api/staff/recap.pdf?period=2026-10');
    expect(res.status).toBe(200);
    const info = pdfInfo(res.body);
    expect(info.pages).toBeGreaterThanOrEqual(2);
    const pages = pdfPages(res.body);
    expect(pages).toHaveLength(info.pages);
    const text = pages.join('\n');
    for (const expected of ['REKAPAN PENGADUAN — OKTOBER 2026', 'September 2026', 'Menurut saluran', 'Topik terbanyak', 'Penundaan berlarut', '80,56', 'B (Baik)', '66,7%', 'U8 Penanganan pengaduan']) {
      expect(text).toContain(expected);
    }
    pages.forEach((page, i) => expect(page).toContain(`Halaman ${i + 1} dari ${info.pages}`));
    expect((await kasie('/api/staff/recap.pdf?from=2026-10-31&to=2026-10-01')).status).toBe(422);
  });
});

describe.each(DIALECTS)('a register longer than a page on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { at: '2026-11-02T03:00:00.000Z' });
    await seedDemo(t.ctx, { complaints: 90, seed: 7 });
  });
  afterAll(async () => t?.close());

  it('repeats the header row and numbers every page, and the XLSX holds every row', async () => {
    const download = await downloader(t, ADMIN.email, ADMIN.password);
    const res = await download('/api/staff/register.pdf?from=2026-01-01&to=2026-12-31');
    expect(res.headers.get('x-total-rows')).toBe('90');
    const info = pdfInfo(res.body);
    expect(info.pages).toBeGreaterThanOrEqual(3);
    const pages = pdfPages(res.body);
    pages.forEach((page, i) => {
      expect(page).toMatch(/No\s+Nomor\s+Diterima\s+Saluran\s+Pelapor\s+Jenis izin\s+Perihal\s+Bidang terkait\s+Tanggapan\s+Dijawab\s+Tindak lanjut\s+Status dan\s+Petugas/);
      expect(page).toContain(`Halaman ${i + 1} dari ${info.pages}`);
    });
    const numbers = pages.join('\n').match(/ADU-2026-\d{6}/g) ?? [];
    expect(new Set(numbers).size).toBe(90);

    const xlsx = await download('/api/staff/register.xlsx?from=2026-01-01&to=2026-12-31');
    const sheet = (await workbookOf(xlsx)).getWorksheet('Buku Pengaduan') as ExcelJS.Worksheet;
    expect(sheet.getRow(REGISTER_HEADER_ROW + 90).getCell(1).value).toBe(90);
    expect(sheet.getRow(REGISTER_HEADER_ROW + 91).getCell(1).value).toBeNull();
  });
});
