import crypto from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runRetention } from '../../src/scheduler/retention.js';
import { runDueJobs } from '../../src/scheduler/scheduler.js';
import { fileStoreFor, type FileStore } from '../../src/storage/file-store.js';
import { ORPHAN_AFTER_MS } from '../../src/storage/sweep.js';
import { DIALECTS } from '../support/databases.js';
import { startS3Server, type S3TestServer } from '../support/s3-server.js';
import { addStaff, Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';

const STORAGES = ['local', 's3'] as const;
const CASES = DIALECTS.flatMap((dialect) => STORAGES.map((storage) => [dialect, storage] as const));

/** A PNG's signature and some bytes: enough for the sniffer, different every time. */
const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(64 * 1024)]);

describe.each(CASES)('attachment files on %s with %s storage', (dialect, storage) => {
  let s3: S3TestServer | undefined;
  let t: TestApp;
  let store: FileStore;
  let kasie: Client;

  const storedNames = async () => (await t.db.kysely.selectFrom('attachments').select('stored_name').orderBy('id').execute()).map((r) => r.stored_name);
  const submitWith = async (file: Buffer) => {
    const form = new FormData();
    form.append('complaint', JSON.stringify(VALID_COMPLAINT));
    form.append('attachments', new Blob([file]), 'bukti.png');
    const res = await new Client(t.url).request<{ trackingNumber: string }>('POST', '/api/public/complaints', { body: form });
    expect(res.status).toBe(201);
    return res.body.trackingNumber;
  };
  const download = async (tn: string) => {
    const detail = await kasie.get<{ attachments: { id: number }[] }>(`/api/staff/complaints/${tn}`);
    const id = detail.body.attachments[0]?.id;
    return fetch(`${t.url}/api/staff/complaints/${tn}/attachments/${id}`, { headers: { cookie: kasie.sessionCookie ?? '' } });
  };

  beforeAll(async () => {
    s3 = storage === 's3' ? await startS3Server() : undefined;
    t = await startTestApp(dialect, { env: { RETENTION_DAYS: '30', ...s3?.env } });
    store = fileStoreFor(t.ctx.config);
    await store.check();
    await addStaff(t, 'kasie@test.local', 'section_head');
    kasie = await Client.login(t, 'kasie@test.local');
  });
  afterAll(async () => {
    await t?.close();
    await s3?.close();
  });

  it('keeps the uploaded file in the configured store and streams it back byte for byte', async () => {
    expect(store.kind).toBe(storage);
    const file = png();
    const tn = await submitWith(file);
    const [name] = await storedNames();
    expect(name).toMatch(/^[0-9a-f-]{36}\.bin$/);
    expect(await store.exists(name as string)).toBe(true);
    const res = await download(tn);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-length')).toBe(String(file.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(file)).toBe(true);
  });

  it('answers 404 for a file gone from the store, and a refused upload leaves nothing behind', async () => {
    const tn = await submitWith(png());
    const names = await storedNames();
    await store.delete(names.at(-1) as string);
    expect((await download(tn)).status).toBe(404);
    const before = await listNames(store);
    const form = new FormData();
    form.append('complaint', JSON.stringify({ ...VALID_COMPLAINT, subject: '' }));
    form.append('attachments', new Blob([png()]), 'bukti.png');
    expect((await new Client(t.url).request('POST', '/api/public/complaints', { body: form })).status).toBe(422);
    expect(await listNames(store)).toEqual(before);
  });

  it('sweeps files older than an hour that no attachment names, and keeps the rest', async () => {
    await submitWith(png());
    // The first test's file and this one's (the second test took its own away).
    const all = await storedNames();
    const named = [all[0] as string, all.at(-1) as string];
    const orphan = `${crypto.randomUUID()}.bin`;
    await store.put(orphan, png());
    // Not a name the application gives: an operator's file is never touched.
    await store.put('catatan-operator.txt', Buffer.from('jangan dihapus'));
    // The files carry the real time; the sweep reads the app's clock.
    t.clock.set(new Date(Date.now() + ORPHAN_AFTER_MS / 2).toISOString());
    expect((await runDueJobs(t.ctx, 'instance-a')).orphan_files).toBe(0);
    expect(await store.exists(orphan)).toBe(true);

    t.clock.set(new Date(Date.now() + 2 * ORPHAN_AFTER_MS).toISOString());
    expect((await runDueJobs(t.ctx, 'instance-a')).orphan_files).toBe(1);
    expect(await store.exists(orphan)).toBe(false);
    expect(await store.exists('catatan-operator.txt')).toBe(true);
    for (const name of named) expect(await store.exists(name)).toBe(true);
  });

  it('erases the reporter’s files from the store at the end of retention', async () => {
    t.clock.set(new Date(Date.now() + 3 * ORPHAN_AFTER_MS).toISOString());
    const tn = await submitWith(png());
    const name = (await storedNames()).at(-1) as string;
    expect((await kasie.act(tn, 'reject', { reason: 'other', message: 'Bukan pengaduan pelayanan perizinan.' })).status).toBe(200);
    t.clock.advance(31 * 86_400_000);
    expect(await runRetention(t.ctx)).toBeGreaterThanOrEqual(1);
    expect(await store.exists(name)).toBe(false);
    expect(await storedNames()).not.toContain(name);
  });
});

/** A loopback port nobody listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listNames(store: FileStore): Promise<string[]> {
  const names: string[] = [];
  for await (const file of store.list()) names.push(file.name);
  return names.sort();
}

describe('storage configuration', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('defaults to the uploads folder under DATA_DIR', () => {
    expect(loadConfig({ DATA_DIR: '/srv/aduan' }).storage).toEqual({ kind: 'local', dir: '/srv/aduan/uploads' });
  });

  it('takes a bucket, and names every missing or wrong S3 setting', () => {
    const s3 = { STORAGE: 's3', S3_ENDPOINT: 'https://minio.kantor.local:9000', S3_BUCKET: 'aduan-lampiran', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'rahasia' };
    expect(loadConfig(s3).storage).toMatchObject({ kind: 's3', bucket: 'aduan-lampiran', region: 'us-east-1', forcePathStyle: true, prefix: 'uploads/' });
    const missing = problems({ STORAGE: 's3', S3_ENDPOINT: 'https://minio.kantor.local' });
    for (const key of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) expect(missing).toContain(`${key}: required when STORAGE=s3`);
    expect(problems({ ...s3, S3_ENDPOINT: 'minio:9000' })).toContain('S3_ENDPOINT');
    expect(problems({ ...s3, S3_BUCKET: 'Aduan_Lampiran' })).toContain('S3_BUCKET: must be a bucket name');
    expect(problems({ ...s3, S3_PREFIX: '../x' })).toContain('S3_PREFIX');
    expect(problems({ ...s3, STORAGE: 'nfs' })).toContain('STORAGE');
    // A bucket configured without STORAGE=s3 would leave each instance's files on its own disk.
    expect(problems({ S3_BUCKET: 'aduan-lampiran' })).toContain('S3_BUCKET: is set but STORAGE is local');
  });

  it('refuses at start-up a bucket it cannot write, saying which and why', async () => {
    const s3 = await startS3Server();
    try {
      const check = (env: Record<string, string>) => fileStoreFor(loadConfig({ ...s3.env, ...env })).check();
      await expect(check({})).resolves.toBeUndefined();
      await expect(check({ S3_ACCESS_KEY_ID: 'salah' })).rejects.toThrow(/^Storage: cannot write to bucket aduan-test at .* 403 InvalidAccessKeyId \(check S3_ACCESS_KEY_ID/);
      const closed = await closedPort();
      await expect(check({ S3_ENDPOINT: `http://127.0.0.1:${closed}` })).rejects.toThrow(/^Storage: cannot write to bucket aduan-test at http:\/\/127\.0\.0\.1:\d+: S3 PUT .*: fetch failed \(ECONNREFUSED\)/);
      await expect(check({ S3_BUCKET: 'tidak-ada' })).rejects.toThrow(/^Storage: cannot write to bucket tidak-ada .* 404 NoSuchBucket \(does the bucket exist/);
    } finally {
      await s3.close();
    }
  });
});
