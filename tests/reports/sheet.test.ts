import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { addStaff, ADMIN, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { downloader, pdfInfo, pdfPages } from './files.js';

const KABID_POSITION = 'Kepala Bidang Pengaduan, Kebijakan dan Pelaporan Layanan pada Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu';
// A description long enough to wrap over many lines; its last words must print too.
const LONG_DESCRIPTION = `${'Permohonan PBG rumah tinggal saya sudah lengkap dan diverifikasi, tetapi statusnya tidak berubah. '.repeat(8)}Kalimat penutup terakhir.`;

/** Renders the first page to PNG with poppler, as a printer driver would read it; returns its size in bytes. */
function renderFirstPage(pdf: Buffer): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-sheet-'));
  try {
    fs.writeFileSync(path.join(dir, 'sheet.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', path.join(dir, 'sheet.pdf'), path.join(dir, 'page')]);
    const png = fs.readdirSync(dir).find((f) => f.endsWith('.png'));
    return png ? fs.statSync(path.join(dir, png)).size : 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The text of each of the four signature columns of a page (A4 at 72 dpi, 40 pt margins, 10 pt
 * gaps), so a name, position and NIP are checked to stand in the same block.
 */
function signatureColumns(pdf: Buffer, page: number): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-sheet-'));
  try {
    const file = path.join(dir, 'sheet.pdf');
    fs.writeFileSync(file, pdf);
    const column = (595.28 - 80 - 30) / 4;
    return [0, 1, 2, 3].map((i) => {
      const crop = ['-x', String(Math.floor(40 + i * (column + 10))), '-y', '0', '-W', String(Math.floor(column)), '-H', '842'];
      return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), ...crop, file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(DIALECTS)('the complaint sheet on paper on %s', (dialect) => {
  let t: TestApp;
  let tn: string;
  let fresh: string;
  let kasie: (url: string) => Promise<{ status: number; body: Buffer }>;

  beforeAll(async () => {
    t = await startTestApp(dialect, {
      at: '2026-12-01T06:04:00.000Z',
      env: {
        RATE_LIMIT_SUBMIT_PER_HOUR: '0',
        OFFICE_AGENCY: 'Pemerintah Kota Tangerang',
        OFFICE_NAME: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
        OFFICE_ADDRESS: 'Jl. Satria–Sudirman No. 1, Kota Tangerang, Banten 15111',
        OFFICE_PHONE: '(021) 5576 4955',
      },
    });
    await addStaff(t, 'staf@test.local', 'staff');
    await addStaff(t, 'kasie@test.local', 'section_head');
    await addStaff(t, 'kabid@test.local', 'division_head');
    await addStaff(t, 'pp@test.local', 'division_officer', 'PP');
    const profile = (email: string, name: string, nip: string | null, position: string) => t.db.kysely.updateTable('users').set({ name, nip, position }).where('email', '=', email).execute();
    await profile('staf@test.local', 'Rina Wulandari', null, 'Pengadministrasi Pengaduan');
    await profile('kasie@test.local', 'Hendra Gunawan, S.T.', '198205142006041002', 'Kepala Seksi Pengaduan');
    await profile('kabid@test.local', 'Dra. Sri Mulyani, M.Si.', '197803122005012003', KABID_POSITION);
    await profile('pp@test.local', 'Agus Salim', '199001012015031001', 'Analis Perizinan');
    const [staff, kasieClient, kabid, officer, admin] = await Promise.all(
      [['staf@test.local'], ['kasie@test.local'], ['kabid@test.local'], ['pp@test.local'], [ADMIN.email, ADMIN.password]].map(([email, password]) => Client.login(t, email as string, password)),
    ) as [Client, Client, Client, Client, Client];

    // The admin sets the website and e-mail over env's letterhead and uploads a logo.
    const form = new FormData();
    form.append('letterhead', JSON.stringify({ agency: 'Pemerintah Kota Tangerang', name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', address: 'Jl. Satria–Sudirman No. 1, Kota Tangerang, Banten 15111', phone: '(021) 5576 4955', website: 'dpmptsp.tangerangkota.go.id', email: 'dpmptsp@tangerangkota.go.id' }));
    form.append('logo', new Blob([await QRCode.toBuffer('logo', { type: 'png', width: 120 })]), 'logo.png');
    expect((await admin.request('POST', '/api/admin/paper/letterhead', { body: form })).status).toBe(200);

    const ok = async (p: Promise<{ status: number; body: unknown }>) => {
      const res = await p;
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      return res.body as Record<string, unknown>;
    };
    const pp = (await t.db.kysely.selectFrom('divisions').select('id').where('code', '=', 'PP').executeTakeFirstOrThrow()).id;
    tn = (await ok(new Client(t.url).post('/api/public/complaints', { ...VALID_COMPLAINT, description: LONG_DESCRIPTION }))).trackingNumber as string;
    t.clock.set('2026-12-01T07:15:00.000Z');
    await ok(staff.act(tn, 'acknowledge'));
    await ok(staff.act(tn, 'print_sheet'));
    t.clock.set('2026-12-02T02:30:00.000Z');
    await ok(kasieClient.act(tn, 'dispose', { divisionIds: [pp], instruction: 'Mohon diverifikasi ulang.' }));
    t.clock.set('2026-12-03T03:00:00.000Z');
    await ok(officer.act(tn, 'record_follow_up', { followUp: 'Berkas diverifikasi ulang.', advocacy: 'Pelapor dipandu melengkapi berkas.' }));
    await ok(staff.act(tn, 'draft_answer', { body: 'PBG Anda telah terbit dan dapat diunduh melalui sistem.' }));
    t.clock.set('2026-12-04T04:00:00.000Z');
    await ok(kabid.act(tn, 'approve_answer'));
    fresh = (await ok(new Client(t.url).post('/api/public/complaints', VALID_COMPLAINT))).trackingNumber as string;
    kasie = await downloader(t, 'kasie@test.local');
  });
  afterAll(async () => t?.close());

  it('prints the letterhead, Indonesian dates and each signer’s name, position and NIP, with nothing cut', async () => {
    const res = await kasie(`/api/staff/complaints/${tn}/sheet.pdf`);
    expect(res.status).toBe(200);
    expect(renderFirstPage(res.body)).toBeGreaterThan(1000);
    const info = pdfInfo(res.body);
    // The uploaded logo and the QR code.
    expect(info.images).toBe(2);
    const pages = pdfPages(res.body);
    const text = pages.join('\n').replace(/\s+/g, ' ');
    for (const expected of [
      'PEMERINTAH KOTA TANGERANG',
      'DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU',
      'Jl. Satria–Sudirman No. 1, Kota Tangerang, Banten 15111',
      'Telp. (021) 5576 4955 · Laman dpmptsp.tangerangkota.go.id · Pos-el dpmptsp@tangerangkota.go.id',
      'Tanggal diterima : 1 Desember 2026 pukul 13.04 WIB',
      '1 Desember 2026 pukul 14.15 WIB (batas',
      'Oleh Hendra Gunawan, S.T., 2 Desember 2026 pukul 09.30 WIB',
      'Kalimat penutup terakhir.',
    ]) {
      expect(text).toContain(expected);
    }
    const columns = signatureColumns(res.body, info.pages);
    expect(columns[0]).toContain('Diterima oleh 1 Desember 2026 Rina Wulandari Pengadministrasi Pengaduan NIP -');
    expect(columns[1]).toContain('Didisposisikan oleh 2 Desember 2026 Hendra Gunawan, S.T. Kepala Seksi Pengaduan NIP 198205142006041002');
    expect(columns[2]).toContain('Ditindaklanjuti oleh (Bidang Penyelenggaraan Pelayanan Perizinan dan Non Perizinan) 3 Desember 2026 Agus Salim Analis Perizinan NIP 199001012015031001');
    // The head of division's long position wraps under her name instead of being cut.
    expect(columns[3]).toContain(`Jawaban disetujui oleh 4 Desember 2026 Dra. Sri Mulyani, M.Si. ${KABID_POSITION} NIP 197803122005012003`);
    expect(text).not.toContain('…');
    // A sheet running over a page names its complaint and the page on each.
    expect(pages.map((p) => p.includes(tn) && p.includes(`halaman`))).toEqual(pages.map(() => true));
    expect(text).not.toMatch(/\d{2}\/\d{2}\/\d{4}/);
    // The register shares the one letterhead the admin set.
    const register = pdfPages((await kasie('/api/staff/register.pdf?from=2026-12-01&to=2026-12-31')).body)[0]?.replace(/\s+/g, ' ');
    expect(register).toContain('Laman dpmptsp.tangerangkota.go.id');
  });

  it('leaves an empty line under each step not yet taken', async () => {
    const pdf = (await kasie(`/api/staff/complaints/${fresh}/sheet.pdf`)).body;
    const text = pdfPages(pdf).join('\n').replace(/\s+/g, ' ');
    // No one's name over a line: each block has its step, no date, and a bare "NIP".
    expect(signatureColumns(pdf, pdfInfo(pdf).pages).map((c) => /(Diterima oleh|Didisposisikan oleh|Ditindaklanjuti oleh|Jawaban disetujui oleh) NIP(?! ?[\d-])/.exec(c)?.[1])).toEqual([
      'Diterima oleh',
      'Didisposisikan oleh',
      'Ditindaklanjuti oleh',
      'Jawaban disetujui oleh',
    ]);
    expect(text).not.toContain('Rina Wulandari');
    expect(text).not.toContain('…');
  });
});
