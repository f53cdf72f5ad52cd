/**
 * The admin's letterhead logo lives in the shared file store: uploaded on one instance, printed by
 * another over the same database and store; a replaced logo is deleted, and the orphan sweep keeps it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import type { DialectName } from '../../src/db/database.js';
import { readStoredLetterhead } from '../../src/paper/letterhead.js';
import { OfficeSettingsStore } from '../../src/settings/office-settings.js';
import { fileStoreFor } from '../../src/storage/file-store.js';
import { ORPHAN_AFTER_MS, sweepOrphanFiles } from '../../src/storage/sweep.js';
import { DIALECTS } from '../support/databases.js';
import { startS3Server, type S3TestServer } from '../support/s3-server.js';
import { ADMIN, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

/** Pixel widths of the images in a PDF, through poppler's pdfimages (an alpha channel is listed again as 'smask'). */
function imageWidths(pdf: Buffer): number[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-logo-'));
  try {
    fs.writeFileSync(path.join(dir, 'doc.pdf'), pdf);
    const rows = execFileSync('pdfimages', ['-list', path.join(dir, 'doc.pdf')], { encoding: 'utf8' }).split('\n');
    return rows.flatMap((l) => /^\s*\d+\s+\d+\s+image\s+(\d+)/.exec(l)?.[1] ?? []).map(Number);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const CASES: [DialectName, 'local' | 's3'][] = [...DIALECTS.map((d): [DialectName, 'local'] => [d, 'local']), ['postgres', 's3']];

describe.each(CASES)('the letterhead logo on %s with %s storage', (dialect, storage) => {
  let s3: S3TestServer | undefined;
  let a: TestApp;
  let b: { ctx: AppContext; app: FastifyInstance; url: string; dataDir: string | null };
  let tn: string;

  beforeAll(async () => {
    if (storage === 's3') s3 = await startS3Server();
    const env = s3?.env ?? {};
    a = await startTestApp(dialect, { env });
    // B: its own configuration, letterhead and store objects over A's database; a local store is
    // shared as a folder both mount (DATA_DIR on a network disk), a bucket by its address.
    const dataDir = storage === 'local' ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-b-'));
    const config = loadConfig({ ...env, DATA_DIR: dataDir ?? a.ctx.config.dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
    const ctx: AppContext = { db: a.db, config, now: a.clock.now, settings: new OfficeSettingsStore(a.db.kysely, a.clock.now) };
    const { app } = await buildApp(ctx, { logger: false });
    b = { ctx, app, url: await app.listen({ port: 0, host: '127.0.0.1' }), dataDir };
    tn = (await new Client(a.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT)).body.trackingNumber;
  });
  afterAll(async () => {
    await b?.app.close();
    if (b?.dataDir) fs.rmSync(b.dataDir, { recursive: true, force: true });
    await a?.close();
    await s3?.close();
  });

  const upload = async (on: { url: string }, width: number) => {
    const admin = await Client.login(on, ADMIN.email, ADMIN.password);
    const form = new FormData();
    form.append('letterhead', JSON.stringify({ agency: '', name: 'Dinas Uji', address: 'Jl. Uji No. 1', phone: '', website: '', email: '' }));
    form.append('logo', new Blob([await QRCode.toBuffer('logo', { type: 'png', width })]), 'logo.png');
    const res = await admin.request('POST', '/api/admin/paper/letterhead', { body: form });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (await readStoredLetterhead(a.db.kysely)).logoFile ?? '';
  };
  const sheetOn = async (on: { url: string }) => {
    const admin = await Client.login(on, ADMIN.email, ADMIN.password);
    const res = await fetch(`${on.url}/api/staff/complaints/${tn}/sheet.pdf`, { headers: { cookie: admin.sessionCookie ?? '' } });
    expect(res.status).toBe(200);
    return imageWidths(Buffer.from(await res.arrayBuffer()));
  };

  const reportOn = async (on: { url: string }, file: string) => {
    const admin = await Client.login(on, ADMIN.email, ADMIN.password);
    const res = await fetch(`${on.url}/api/staff/${file}`, { headers: { cookie: admin.sessionCookie ?? '' } });
    expect(res.status).toBe(200);
    return imageWidths(Buffer.from(await res.arrayBuffer()));
  };

  it('prints a logo uploaded before logos went to the store from the letterhead folder, until it is replaced', async () => {
    const legacy = 'logo-0123456789abcdef.png';
    const folder = path.join(a.ctx.config.dataDir, 'letterhead');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, legacy), await QRCode.toBuffer('old', { type: 'png', width: 133 }));
    const value = JSON.stringify({ name: 'Dinas Lama', address: 'Jl. Lama No. 1', logoFile: legacy });
    await a.db.kysely.insertInto('settings').values({ key: 'letterhead', value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    expect(await sheetOn(a)).toContain(133);
    await upload(a, 121);
    expect(fs.existsSync(path.join(folder, legacy))).toBe(false);
  });

  it('prints on B the logo uploaded on A, and the replacement once it is replaced, deleting the old one', async () => {
    const first = await upload(a, 121);
    expect(first).toMatch(/^letterhead-logo-[0-9a-f-]{36}\.png$/);
    const withFirst = await sheetOn(b);
    expect(withFirst).toContain(121);

    const second = await upload(a, 97);
    expect(second).not.toBe(first);
    // The register and the recap read the letterhead themselves: B prints the replacement, not the one it printed last.
    expect(await reportOn(b, 'register.pdf?from=2026-01-01&to=2026-12-31')).toContain(97);
    expect(await reportOn(b, 'recap.pdf?period=2026')).toContain(97);
    const widths = await sheetOn(b);
    expect(widths).toContain(97);
    expect(widths).not.toContain(121);
    expect(widths).toHaveLength(withFirst.length);
    const store = fileStoreFor(b.ctx.config);
    expect(await store.exists(first)).toBe(false);
    expect(await store.exists(second)).toBe(true);

    // Once files are old enough, the sweep removes an attachment's orphan but leaves the logo (no attachment names it).
    const orphan = '00000000-0000-4000-8000-000000000000.bin';
    await store.put(orphan, Buffer.from('sisa'));
    a.clock.set(new Date(Date.now() + 2 * ORPHAN_AFTER_MS).toISOString());
    expect(await sweepOrphanFiles(a.ctx)).toBe(1);
    expect(await store.exists(orphan)).toBe(false);
    expect(await store.exists(second)).toBe(true);
    expect(await sheetOn(a)).toContain(97);
  });
});
