/** Importing an office's old complaint register (decision 0024): dry run, all or nothing, no duplicates, history kept. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, countRows, startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, unknown>;
interface Report {
  headerRow: number;
  columns: Record<string, string>;
  rows: number;
  importable: number;
  imported: number;
  refusedRows: number;
  refused: { row: number; column: string | null; reason: { id: string; en: string } }[];
  skipped: { row: number; originalNumber: string; trackingNumber: string }[];
}

const EXAMPLE = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'buku-pengaduan-contoh.csv'));
/** The example's own words for four permit types the catalogue names otherwise. */
const VALUES = { permitType: { PBG: 'PBG-HUNIAN', 'NIB/OSS': 'NIB', 'Izin Petak Makam': 'MAKAM', 'Izin Reklame': 'REKLAME' } };

describe.each(DIALECTS)('register import on %s', (dialect) => {
  let t: TestApp;
  let admin: Client;
  const send = (url: string, file: Buffer, mapping: Json = {}, name = 'buku.csv') => {
    const form = new FormData();
    form.append('mapping', JSON.stringify(mapping));
    form.append('file', new Blob([file]), name);
    return admin.request<Json>('POST', url, { body: form });
  };
  const dryRun = async (file: Buffer, mapping: Json = {}) => {
    const res = await send('/api/admin/register-import/dry-run', file, mapping);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as unknown as Report;
  };
  const audits = async () => t.db.kysely.selectFrom('audit_log').select(['after', 'actor_user_id']).where('action', '=', 'complaint.register_imported').execute();

  beforeAll(async () => {
    // Late 2026: both years of the example are in the past.
    t = await startTestApp(dialect, { at: '2026-11-24T03:00:00.000Z' });
    await addStaff(t, 'staf@test.local', 'staff');
    admin = await Client.login(t, ADMIN.email, ADMIN.password);
  });
  afterAll(async () => t?.close());

  it('dry-runs the example register: guesses the columns, lists each refused row and why, writes nothing', async () => {
    const r = await dryRun(EXAMPLE);
    expect(r.headerRow).toBe(5);
    expect(r.columns).toMatchObject({ originalNumber: 'No', receivedAt: 'Tanggal Diterima', reporterName: 'Nama Pengadu', permitType: 'Jenis Izin', channel: 'Media Pengaduan', closedAt: 'Tanggal Selesai' });
    expect(r.rows).toBe(92);
    // PBG is four catalogue entries; NIB/OSS, Izin Petak Makam, Izin Reklame are written otherwise there.
    expect(r.refused.find((p) => p.row === 7)).toEqual({ row: 7, column: 'Jenis Izin', reason: { id: expect.stringContaining('lebih dari satu jenis izin'), en: expect.stringContaining('more than one permit type') } });
    expect(r.refused.find((p) => p.row === 18)?.reason.en).toBe('No permit type "NIB/OSS" in the catalogue.');
    expect(r.refusedRows + r.importable).toBe(92);
    expect(r.refusedRows).toBe(29);
    expect(await countRows(t, 'complaints')).toBe(0);
    expect(await audits()).toEqual([]);
    // The same as an import: 422, the report, nothing written.
    const refused = await send('/api/admin/register-import', EXAMPLE);
    expect(refused.status).toBe(422);
    expect(((refused.body.error as Json).report as Report).refusedRows).toBe(29);
    expect(await countRows(t, 'complaints')).toBe(0);
  });

  it('imports the whole register with its dates and numbers, into the register and the recap of its years, sending nothing', async () => {
    const res = await send('/api/admin/register-import', EXAMPLE, { values: VALUES });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ imported: 92, refusedRows: 0 });
    const row = await t.db.kysely.selectFrom('complaints').selectAll().where('original_number', '=', '2').executeTakeFirstOrThrow();
    // "15/01/2024" received, "15 Januari 2024" closed: 08:00 in Jakarta.
    expect(row).toMatchObject({ received_at: '2024-01-15T01:00:00.000Z', closed_at: '2024-01-15T01:00:00.000Z', answered_at: '2024-01-15T01:00:00.000Z', state: 'closed', channel: 'email', due_at: null, import_key: '2024/2' });
    expect(row.tracking_number).toMatch(/^ADU-2024-\d{6}$/);
    const open = await t.db.kysely.selectFrom('complaints').select(['state', 'closed_at', 'is_anonymous']).where('original_number', '=', '22').executeTakeFirstOrThrow();
    expect(open).toEqual({ state: 'acknowledged', closed_at: null, is_anonymous: 0 });
    const events = await t.db.kysely.selectFrom('complaint_events').select(['type', 'at', 'data', 'actor_type']).where('complaint_id', '=', row.id).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['registered', 'acknowledge', 'approve_answer', 'close']);
    expect(events.every((e) => JSON.parse(e.data ?? '{}').imported === true && e.actor_type === 'system')).toBe(true);
    expect(events[0]?.at).toBe('2024-01-15T01:00:00.000Z');
    // Nobody hears of it: no mail, no notice.
    expect(await t.db.kysely.selectFrom('outbox_messages').select('id').execute()).toEqual([]);
    expect(await t.db.kysely.selectFrom('notifications').select('id').execute()).toEqual([]);
    // The current year's counter is untouched.
    expect(await t.db.kysely.selectFrom('tracking_counters').select(['year', 'last_value']).orderBy('year').execute()).toEqual([{ year: 2024, last_value: 42 }, { year: 2025, last_value: 50 }]);

    const register = await admin.get<{ items: Json[]; total: number }>('/api/staff/register?from=2024-01-01&to=2024-12-31&pageSize=100');
    expect(register.body.total).toBe(42);
    expect(register.body.items.find((i) => i.trackingNumber === row.tracking_number)).toMatchObject({ originalNumber: '2', state: 'closed', closedAt: '2024-01-15T01:00:00.000Z' });
    const staff = await Client.login(t, 'staf@test.local');
    // The running totals (decision 0006) count them on the day they were received.
    const recapTotal = async (year: number) => (await staff.get<{ current: { total: number } }>(`/api/staff/recap?period=${year}`)).body.current.total;
    expect(await recapTotal(2024)).toBe(42);
    expect(await recapTotal(2025)).toBe(50);

    const found = await staff.get<{ items: Json[] }>('/api/staff/complaints?q=17');
    expect(found.body.items.map((i) => i.subject)).toEqual([expect.stringContaining('Sertifikat SIP Bidan')]);
    const page = await staff.get<Json>(`/api/staff/complaints/${row.tracking_number}`);
    expect(page.body).toMatchObject({ originalNumber: '2', state: 'closed' });
    // Its paper prints: the complaint sheet and the register of its year.
    expect((await staff.get(`/api/staff/complaints/${row.tracking_number}/sheet.pdf`)).status).toBe(200);
    expect((await staff.get('/api/staff/register.xlsx?from=2024-01-01&to=2024-12-31')).status).toBe(200);

    const [entry] = await audits();
    expect(JSON.parse(entry?.after ?? '{}')).toEqual({ file: 'buku.csv', imported: 92, skipped: 0, rows: 92, years: [2024, 2025] });
    expect(entry?.after).not.toContain('Setiawan');
  });

  it('imports the same file again as nothing new: every row is skipped with the number it got', async () => {
    const res = await send('/api/admin/register-import', EXAMPLE, { values: VALUES });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 0, importable: 0 });
    expect((res.body.skipped as unknown[]).length).toBe(92);
    expect(await countRows(t, 'complaints')).toBe(92);
  });

  it('imports nothing from a file with one bad row, and says which and why', async () => {
    const csv = 'No;Tanggal Diterima;Uraian Pengaduan;Media Pengaduan\n101;03/02/2026;Antrean panjang sekali di loket.;Surat\n102;31/02/2026;Petugas tidak ramah.;Telepon\n103;04/02/2026;Berkas hilang.;Merpati\n';
    const before = await countRows(t, 'complaints');
    const res = await send('/api/admin/register-import', Buffer.from(csv));
    expect(res.status).toBe(422);
    const report = (res.body.error as Json).report as Report;
    expect(report.refused.map((p) => [p.row, p.column])).toEqual([[3, 'Tanggal Diterima'], [4, 'Media Pengaduan']]);
    expect(report.refused[1]?.reason).toEqual({ id: 'Saluran "Merpati" tidak dikenal.', en: 'Unknown channel "Merpati".' });
    expect(await countRows(t, 'complaints')).toBe(before);
  });

  it('reads an .xlsx with title rows, merged cells, formulas and dates as serials; caps rows; never answers 500', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Buku');
    ws.addRow(['BUKU PENGADUAN 2023']);
    ws.mergeCells('A1:D1');
    ws.addRow([]);
    ws.addRow(['No', 'Tanggal', 'Uraian', 'Saluran', 'Tgl Selesai']);
    ws.addRow([1, new Date(Date.UTC(2023, 4, 2)), 'Izin belum terbit.', 'Surat', { formula: 'B4+3', result: new Date(Date.UTC(2023, 4, 5)) }]);
    ws.addRow([2, 45000, { richText: [{ text: 'Calo ' }, { text: 'di loket.' }] }, 'WA', null]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await dryRun(xlsx);
    expect(r.refused).toEqual([]);
    expect(r).toMatchObject({ headerRow: 3, importable: 2 });

    const many = Buffer.from(`No;Tanggal;Uraian;Media\n${'1;01/01/2024;x;Surat\n'.repeat(5100)}`);
    expect((await send('/api/admin/register-import/dry-run', many)).status).toBe(413);
    // Over 10 MB: refused while it is read.
    expect((await send('/api/admin/register-import/dry-run', Buffer.alloc(10 * 1024 * 1024 + 2, 0x61))).status).toBe(413);
    for (const junk of [Buffer.from('PK\u0003\u0004garbage'), Buffer.from('"unterminated;\n;;;\r\n\u0000'), Buffer.alloc(0)]) {
      const res = await send('/api/admin/register-import/dry-run', junk);
      expect([200, 422]).toContain(res.status);
    }
    expect((await send('/api/admin/register-import/dry-run', EXAMPLE, { columns: { receivedAt: 'Tanggal Masuk' } })).body).toMatchObject({ mappingProblems: [{ path: 'columns.receivedAt' }] });
    const staff = await Client.login(t, 'staf@test.local');
    const form = new FormData();
    form.append('mapping', '{}');
    form.append('file', new Blob([EXAMPLE]), 'b.csv');
    expect((await staff.request('POST', '/api/admin/register-import/dry-run', { body: form })).status).toBe(403);
  });
});

describe('npm run cli -- import-register', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-import-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const cli = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import-register', ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
      });
    });

  it('imports a register with a mapping file', { timeout: 60_000 }, async () => {
    const file = path.join(dataDir, 'buku.csv');
    fs.writeFileSync(file, EXAMPLE);
    const mapping = path.join(dataDir, 'mapping.json');
    fs.writeFileSync(mapping, JSON.stringify({ values: VALUES }));
    const done = await cli(file, '--mapping', mapping, '--map', 'remarks=Keterangan');
    expect(done.stderr).toBe('');
    expect(done.stdout).toContain('Imported 92 complaints.');
  });
});
