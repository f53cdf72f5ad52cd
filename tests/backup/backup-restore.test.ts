import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseHeldMail } from '../../src/backup/after-restore.js';
import { BackupRefused, writeBackup, type Manifest } from '../../src/backup/archive.js';
import { attachmentStore } from '../../src/backup/files.js';
import { silentProgress } from '../../src/backup/progress.js';
import { restoreOffice } from '../../src/backup/restore.js';
import { COPIED_TABLES, listTables, NOT_COPIED } from '../../src/backup/tables.js';
import { readAll, readTar, TarWriter } from '../../src/backup/tar.js';
import { createUser } from '../../src/accounts/service.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { rebuildRecapTotals } from '../../src/db/migrations/0004_recap_totals.js';
import { Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { DIALECTS } from '../support/databases.js';
import { emptyOffice, generatedOffice, tableLines, type OfficeDb } from './office-copies.js';

const SKIP = 100;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** A web complaint with one attachment of its own bytes; returns its tracking number. */
async function submitWithFile(url: string, n: number): Promise<string> {
  const form = new FormData();
  form.append('complaint', JSON.stringify({ ...VALID_COMPLAINT, subject: `Keluhan saat pencadangan ${n}` }));
  form.append('attachments', new Blob([Buffer.concat([PNG, crypto.randomBytes(64)])]), `bukti-${n}.png`);
  const res = await new Client(url).request<{ trackingNumber: string }>('POST', '/api/public/complaints', { body: form });
  if (res.status !== 201) throw new Error(`submission ${n}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.trackingNumber;
}

/** Rewrites an archive entry by entry through `change` (a test's forger). */
async function rewriteArchive(from: string, to: string, change: (name: string, data: Buffer) => Buffer): Promise<void> {
  const gzip = zlib.createGzip();
  const out = fs.createWriteStream(to);
  gzip.pipe(out);
  const tar = new TarWriter(gzip);
  for await (const entry of readTar(fs.createReadStream(from).pipe(zlib.createGunzip()))) await tar.entry(entry.name, change(entry.name, await readAll(entry.body)));
  await tar.finish();
  gzip.end();
  await new Promise<void>((resolve) => out.on('close', () => resolve()));
}

const numberOf = (tn: string): number => Number(tn.slice(-6));

describe.each(DIALECTS)('backup and restore on %s', (dialect) => {
  let original: OfficeDb;
  let t: TestApp;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-archive-'));
  const archive = path.join(dir, 'office.tar.gz');
  let manifest: Manifest;
  const submitted: string[] = [];

  beforeAll(async () => {
    original = await generatedOffice(dialect, 2000);
    // No worker: the original changes only by the submissions below, so it can be compared row by row.
    t = await startTestApp(dialect, { database: original.db, env: { WORKER_IN_PROCESS: 'false', RATE_LIMIT_SUBMIT_PER_HOUR: '0' } });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes one archive of a consistent snapshot while complaints keep coming, and restores an identical office', async () => {
    for (let i = 0; i < 4; i++) submitted.push(await submitWithFile(t.url, i));
    // The backup reads over a connection of its own while three reporters keep submitting.
    const source = original.connect();
    let done = false;
    const backup = writeBackup(source, attachmentStore(t.ctx.config), archive, silentProgress).finally(() => (done = true));
    const lane = async (lane: number) => {
      for (let i = 0; !done && i < 25; i++) submitted.push(await submitWithFile(t.url, 1000 * lane + i));
      // One more after the backup ended: certainly after the snapshot.
      submitted.push(await submitWithFile(t.url, 1000 * lane + 999));
    };
    [manifest] = await Promise.all([backup, lane(1), lane(2), lane(3)]);
    await source.close();
    expect(fs.readdirSync(dir)).toEqual(['office.tar.gz']);
    expect(manifest).toMatchObject({ format: 'aduan-backup', formatVersion: 1, dialect, missingFiles: [] });
    expect(manifest.tables.complaints?.rows).toBeGreaterThanOrEqual(2004);
    expect(manifest.tables.sessions).toBeUndefined();

    const restored = await emptyOffice(dialect);
    const uploadsDir = path.join(dir, 'restored-uploads');
    try {
      const { notice } = await restoreOffice({ file: archive, target: restored.db, store: attachmentStore({ uploadsDir }), force: false, skipNumbers: SKIP, now: t.clock.now, progress: silentProgress });

      // Every table is the original's as it was at one moment: rows with ids up to the snapshot's are
      // identical, later ones are exactly those of the submissions that came after it.
      const lastComplaint = (await restored.db.kysely.selectFrom('complaints').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id ?? 0;
      expect(manifest.tables.complaints?.rows).toBeLessThan(2000 + submitted.length);
      for (const table of Object.keys(manifest.tables)) {
        if (table.startsWith('recap_')) continue;
        const before = new Set(await tableLines(original.db, table));
        let after = await tableLines(restored.db, table);
        if (table === 'outbox_messages') after = after.map((l) => l.replace('"status":"held"', '"status":"pending"'));
        if (table === 'audit_log') after = after.filter((l) => !l.includes('"backup.restored"'));
        if (table === 'tracking_counters') continue;
        expect(after.length, table).toBe(manifest.tables[table]?.rows);
        expect(after.filter((l) => !before.has(l)), table).toEqual([]);
      }
      const missing = await original.db.kysely.selectFrom('complaints').select(['id', 'tracking_number']).where('id', '>', Number(lastComplaint)).execute();
      expect(missing.length).toBeGreaterThan(0);
      expect(missing.every((c) => submitted.includes(c.tracking_number))).toBe(true);
      expect(await original.db.kysely.selectFrom('complaints').select('id').where('id', '<=', Number(lastComplaint)).execute()).toHaveLength(manifest.tables.complaints?.rows ?? -1);

      // The recap totals were taken in the same moment: recounting them changes nothing.
      const recap = async () => (await tableLines(restored.db, 'recap_day_counts')).filter((l) => !l.includes('"n":0'));
      const asRestored = await recap();
      await restored.db.kysely.transaction().execute((trx) => rebuildRecapTotals(trx as unknown as Kysely<unknown>, dialect));
      expect(await recap()).toEqual(asRestored);

      // Every attachment of the snapshot came with its file, byte for byte.
      const attachments = await restored.db.kysely.selectFrom('attachments').select(['stored_name', 'sha256']).execute();
      expect(attachments.length).toBeGreaterThan(3);
      for (const a of attachments) expect(crypto.createHash('sha256').update(fs.readFileSync(path.join(uploadsDir, a.stored_name))).digest('hex')).toBe(a.sha256);
      expect(fs.readdirSync(uploadsDir).sort()).toEqual(attachments.map((a) => a.stored_name).sort());

      // Unsent mail is held, numbering skips past what the lost office may have given, and admins are told.
      const year = 2026;
      const counter = await restored.db.kysely.selectFrom('tracking_counters').select('last_value').where('year', '=', year).executeTakeFirstOrThrow();
      const highest = Math.max(...(await restored.db.kysely.selectFrom('complaints').select('tracking_number').where('tracking_number', 'like', `ADU-${year}-%`).execute()).map((c) => numberOf(c.tracking_number)));
      expect(counter.last_value).toBe(highest + SKIP);
      expect(notice?.skipped).toEqual([{ year, first: `ADU-${year}-${String(highest + 1).padStart(6, '0')}`, last: `ADU-${year}-${String(highest + SKIP).padStart(6, '0')}` }]);
      const statuses = await restored.db.kysely.selectFrom('outbox_messages').select('status').distinct().execute();
      expect(statuses.map((s) => s.status)).toEqual(['held']);
      expect(notice?.heldMessages).toBeGreaterThan(0);
      const audit = await restored.db.kysely.selectFrom('audit_log').select(['after']).where('action', '=', 'backup.restored').executeTakeFirstOrThrow();
      expect(JSON.parse(audit.after ?? '{}')).toMatchObject({ heldMessages: notice?.heldMessages, trackingNumbersMayBeGiven: [`${notice?.skipped[0]?.first} … ${notice?.skipped[0]?.last}`] });
      expect(await releaseHeldMail(restored.db.kysely, { cancel: false, now: t.clock.now() })).toBe(notice?.heldMessages);
      expect((await restored.db.kysely.selectFrom('outbox_messages').select('status').distinct().execute()).map((s) => s.status)).toEqual(['pending']);

      // The restored office takes the next complaint after the skipped numbers.
      const app = await startTestApp(dialect, { database: restored.db, env: { WORKER_IN_PROCESS: 'false', RATE_LIMIT_SUBMIT_PER_HOUR: '0' } });
      try {
        expect(numberOf(await submitWithFile(app.url, 1))).toBe(highest + SKIP + 1);
      } finally {
        await app.app.close();
      }
    } finally {
      await restored.close();
    }
  }, 60_000);

  it('knows every table of the schema: a new one must be copied (in load order) or named as not copied', async () => {
    const known = new Set([...COPIED_TABLES.map((table) => table.name), ...Object.keys(NOT_COPIED)]);
    const tables = await listTables(original.db.kysely, dialect);
    expect(tables.filter((n) => !known.has(n) && !n.startsWith('sqlite_') && !n.startsWith('complaints_fts') && !n.startsWith('publications_fts'))).toEqual([]);
  });

  it('refuses a damaged archive, a foreign file, a newer schema and a non-empty target without --force', async () => {
    const target = await emptyOffice(dialect);
    const store = attachmentStore({ uploadsDir: path.join(dir, 'refused-uploads') });
    const restore = (file: string, force = false) => restoreOffice({ file, target: target.db, store, force, skipNumbers: 0, now: t.clock.now, progress: silentProgress });
    try {
      const damaged = path.join(dir, 'damaged.tar.gz');
      await rewriteArchive(archive, damaged, (name, data) => (name === 'tables/complaints/00001.ndjson' ? Buffer.from(data.toString('utf8').replace('Keluhan', 'Kelukan')) : data));
      await expect(restore(damaged)).rejects.toThrow(/checksum mismatch in tables\/complaints\/00001\.ndjson/);

      const cut = path.join(dir, 'cut.tar.gz');
      fs.writeFileSync(cut, fs.readFileSync(archive).subarray(0, Math.floor(fs.statSync(archive).size / 2)));
      await expect(restore(cut)).rejects.toThrow(BackupRefused);

      const foreign = path.join(dir, 'foreign.tar.gz');
      const gzip = zlib.createGzip();
      const out = fs.createWriteStream(foreign);
      gzip.pipe(out);
      const tar = new TarWriter(gzip);
      await tar.entry('notes.txt', Buffer.from('not ours'));
      await tar.finish();
      gzip.end();
      await new Promise<void>((resolve) => out.on('close', () => resolve()));
      await expect(restore(foreign)).rejects.toThrow(/not an Aduan backup/);
      fs.writeFileSync(path.join(dir, 'plain.txt'), 'hello');
      await expect(restore(path.join(dir, 'plain.txt'))).rejects.toThrow(/not an Aduan backup/);

      const newer = path.join(dir, 'newer.tar.gz');
      const future = (data: Buffer) => {
        const json = JSON.parse(data.toString('utf8')) as { migrations: string[] };
        json.migrations.push('9999_from_the_future');
        return Buffer.from(JSON.stringify(json));
      };
      // The forger fixes the manifest's checksum of the header, so only the schema is wrong.
      let header: Buffer | undefined;
      await rewriteArchive(archive, newer, (name, data) => {
        if (name === 'aduan-backup.json') return (header = future(data));
        if (name !== 'manifest.json') return data;
        const m = JSON.parse(future(data).toString('utf8')) as Manifest;
        m.entries[0] = { name: 'aduan-backup.json', size: header?.length ?? 0, sha256: crypto.createHash('sha256').update(header ?? '').digest('hex') };
        return Buffer.from(JSON.stringify(m));
      });
      await expect(restore(newer)).rejects.toThrow(/newer schema \(9999_from_the_future\)/);
      expect(await sql`select 1 from complaints`.execute(target.db.kysely).catch(() => 'no tables')).toBe('no tables');

      // An office already there (here: one user) is kept unless --force replaces it.
      await migrateToLatest(target.db);
      await createUser(target.db.kysely, { email: 'kepala@kantor.lain', name: 'Kepala', password: 'kantor-lain-password-2026', role: 'admin', divisionId: null }, t.clock.now());
      await expect(restore(archive)).rejects.toThrow(/already holds an office .*--force/);
      expect(await target.db.kysely.selectFrom('users').select('email').execute()).toEqual([{ email: 'kepala@kantor.lain' }]);
      await restore(archive, true);
      expect(await target.db.kysely.selectFrom('users').select('email').where('email', '=', 'kepala@kantor.lain').execute()).toEqual([]);
      expect(await target.db.kysely.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: manifest.tables.complaints?.rows });
    } finally {
      await target.close();
    }
  }, 60_000);
});
