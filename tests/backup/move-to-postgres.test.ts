import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_ADMIN } from '../../bench/generate.js';
import { silentProgress } from '../../src/backup/progress.js';
import { moveOffice } from '../../src/backup/restore.js';
import { comparableLine, COPIED_TABLES, tableColumns } from '../../src/backup/tables.js';
import { Client, startTestApp, VALID_COMPLAINT, type TestApp } from '../support/test-app.js';
import { emptyOffice, generatedOffice, tableLines, type OfficeDb } from './office-copies.js';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** The CLI as an admin runs it, in this worktree, with the given environment. */
function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Rows of a table over the columns SQLite has (PostgreSQL adds its generated search vector). */
async function lines(db: Db, table: string, columns: string[]): Promise<string[]> {
  const rows = await sql<Record<string, unknown>>`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)}`.execute(db.kysely);
  // Fractions as the backup compares them (PostgreSQL's 4-byte real keeps about 7 digits).
  return rows.rows.map((r) => comparableLine(r)).sort();
}

describe('move-to-postgres', () => {
  let source: OfficeDb;
  let t: TestApp;
  let dataDir = '';
  const submitted: { trackingNumber: string; accessCode: string }[] = [];

  beforeAll(async () => {
    source = await generatedOffice('sqlite', 600);
    // DATA_DIR is the folder of the generated SQLite file, as on a real server.
    dataDir = source.target.dialect === 'sqlite' ? path.dirname(source.target.file) : '';
    t = await startTestApp('sqlite', { database: source.db, env: { DATA_DIR: dataDir, WORKER_IN_PROCESS: 'false' } });
    for (let i = 0; i < 2; i++) {
      const form = new FormData();
      form.append('complaint', JSON.stringify({ ...VALID_COMPLAINT, subject: `Pindah ke PostgreSQL ${i}` }));
      form.append('attachments', new Blob([PNG]), 'bukti.png');
      const res = await new Client(t.url).request<{ trackingNumber: string; accessCode: string }>('POST', '/api/public/complaints', { body: form });
      expect(res.status).toBe(201);
      submitted.push(res.body);
    }
    // A live session that must not travel.
    await Client.login(t, BENCH_ADMIN.email, BENCH_ADMIN.password);
    await t.app.close();
  }, 60_000);

  afterAll(async () => {
    await source?.close();
  });

  it('answers --help and refuses unknown options in one line', async () => {
    // src/cli/main.ts answers --help with the command's summary, then its usage.
    const printed = ['backup', 'restore', 'release-outbox', 'move-to-postgres'].map((name) => {
      const help = cli([name, '--help']).stdout;
      return help.slice(help.indexOf('Usage:'));
    });
    expect(printed.map((p) => p.split('\n')[0])).toEqual(['backup', 'restore FILE [--force] [--skip-numbers N]', 'release-outbox [--list] [--cancel]', 'move-to-postgres --to postgres://user:pass@host:5432/aduan'].map((u, i) => (i === 0 ? 'Usage: npm run cli -- backup FILE' : `Usage: npm run cli -- ${u}`)));
    const unknown = cli(['backup', 'x.tar.gz', '--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toEqual([expect.stringContaining("backup: Unknown option '--bogus'")]);
  }, 60_000);

  it('copies every table but the sessions into an empty PostgreSQL database, and the server runs on it', async () => {
    const target = await emptyOffice('postgres');
    try {
      const url = target.target.dialect === 'postgres' ? target.target.url : '';
      const moved = cli(['move-to-postgres', '--to', url], { DATA_DIR: dataDir, DATABASE_URL: '' });
      expect(moved.stderr).toContain('verified complaints: 602 rows, checksum matches');
      expect(moved.stderr).toContain('recounted the recap totals');
      expect(moved.status).toBe(0);
      expect(moved.stdout).toContain('DATABASE_URL=postgres://postgres:****@');

      for (const { name } of COPIED_TABLES) {
        const columns = await tableColumns(source.db.kysely, 'sqlite', name);
        if (name.startsWith('recap_')) continue;
        expect(await lines(target.db, name, columns), name).toEqual(await lines(source.db, name, columns));
      }
      const nonZero = async (db: Db) => (await tableLines(db, 'recap_day_counts')).filter((l) => !l.includes('"n":0'));
      expect(await nonZero(target.db)).toEqual(await nonZero(source.db));
      expect(await target.db.kysely.selectFrom('sessions').selectAll().execute()).toEqual([]);

      // A second run finds the target taken and changes nothing.
      await expect(moveOffice(source.db, target.db, silentProgress)).rejects.toThrow(/already holds an office/);

      const app = await startTestApp('postgres', { database: target.db, env: { DATA_DIR: dataDir, WORKER_IN_PROCESS: 'false' } });
      try {
        const admin = await Client.login(app, BENCH_ADMIN.email, BENCH_ADMIN.password);
        const { trackingNumber, accessCode } = submitted[0] as { trackingNumber: string; accessCode: string };
        const tracked = await new Client(app.url).get<{ state: string }>(`/api/public/complaints/${trackingNumber}`, { 'x-access-code': accessCode });
        expect(tracked.status).toBe(200);
        const detail = await admin.get<{ attachments: { id: number }[] }>(`/api/staff/complaints/${trackingNumber}`);
        const file = await fetch(`${app.url}/api/staff/complaints/${trackingNumber}/attachments/${detail.body.attachments[0]?.id}`, { headers: { cookie: admin.sessionCookie ?? '' } });
        expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG);
        const pending = await target.db.kysely.selectFrom('outbox_messages').select('id').where('status', '=', 'pending').execute();
        expect(pending.length).toBeGreaterThan(0);
        // Numbering goes on where the SQLite office stopped.
        const next = await new Client(app.url).post<{ trackingNumber: string }>('/api/public/complaints', VALID_COMPLAINT);
        expect(Number(next.body.trackingNumber.slice(-6))).toBe(Number(submitted[1]?.trackingNumber.slice(-6)) + 1);
      } finally {
        await app.app.close();
      }
    } finally {
      await target.close();
    }
  }, 120_000);
});
