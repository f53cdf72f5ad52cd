/** Restore an archive, or move an SQLite office to PostgreSQL: the same load, in one transaction. */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import { appliedMigrations, knownMigrations, migrateToLatest, migrateUpTo } from '../db/migrate.js';
import { rebuildRecapTotals } from '../db/migrations/0004_recap_totals.js';
import { holdAfterRestore, type RestoreNotice } from './after-restore.js';
import { BackupRefused, inSnapshot, migrationsIn, readArchive, snapshotTables, verifyArchive, type Manifest } from './archive.js';
import type { AttachmentStore } from './files.js';
import { clearOffice, Loader, type ExpectedTable } from './load.js';
import { formatCount, type Progress } from './progress.js';
import { digestTable, officeRows, readTable } from './tables.js';

/**
 * Brings the target's schema to exactly `migrations` (the copy's), so the rows fit; newer
 * migrations run after the load. Refuses a copy from a newer version and a target ahead of it.
 */
async function prepareSchema(target: Db, migrations: string[], force: boolean): Promise<void> {
  const known = knownMigrations();
  const unknown = migrations.filter((m) => !known.includes(m));
  if (unknown.length || migrations.some((m, i) => known[i] !== m)) {
    throw new BackupRefused(`the copy comes from a newer schema (${unknown.join(', ') || migrations.at(-1)}) than this version knows (${known.at(-1)}): install that version of Aduan or newer to restore it`);
  }
  const applied = await appliedMigrations(target);
  const rows = await officeRows(target.kysely, target.dialect);
  if (rows > 0 && !force) throw new BackupRefused(`the target database already holds an office (${formatCount(rows)} users, reporters and complaints): add --force to replace it`);
  if (applied.length === 0) {
    const last = migrations.at(-1);
    if (last) await migrateUpTo(target, last);
    return;
  }
  if (applied.join() !== migrations.join()) {
    throw new BackupRefused(
      `the target database's schema (${applied.at(-1)}) is not the copy's (${migrations.at(-1)}): restore into an empty database (a new DATA_DIR, or a newly created PostgreSQL database), which is brought to the copy's schema and then migrated`,
    );
  }
}

const expectedFrom = (manifest: Manifest): Record<string, ExpectedTable> => manifest.tables;

export interface RestoreResult {
  manifest: Manifest;
  notice: RestoreNotice | null;
}

export interface RestoreOptions {
  file: string;
  target: Db;
  store: AttachmentStore;
  force: boolean;
  /** Hold unsent mail and skip this many tracking numbers (0: skip none). */
  skipNumbers: number;
  now: () => Date;
  progress: Progress;
}

export async function restoreOffice(o: RestoreOptions): Promise<RestoreResult> {
  o.progress.line(`checking ${o.file} …`);
  const manifest = await verifyArchive(o.file, o.progress);
  o.progress.line(`backup of ${manifest.createdAt} (Aduan ${manifest.appVersion}, ${manifest.dialect}, schema ${manifest.migrations.at(-1)}); restoring into ${o.target.dialect}`);
  await prepareSchema(o.target, manifest.migrations, o.force);
  const files = new Set(manifest.files.map((f) => f.storedName));
  let written = 0;
  const notice = await o.target.kysely.transaction().execute(async (trx) => {
    await clearOffice(trx, o.target.dialect);
    const loader = new Loader(trx, expectedFrom(manifest), o.progress);
    await readArchive(o.file, manifest, {
      onRows: (table, rows) => loader.rows(table, rows),
      async onFile(storedName, body) {
        if (!files.has(storedName)) throw new BackupRefused(`damaged archive: files/${storedName} is not in the manifest`);
        await o.store.write(storedName, body);
        written++;
        o.progress.update(`files: ${formatCount(written)} of ${formatCount(files.size)}`);
      },
    });
    o.progress.line(`files: ${formatCount(written)} written to ${o.store.describe()}`);
    await loader.finish(o.target.dialect);
    return holdAfterRestore(trx, { backupCreatedAt: manifest.createdAt, now: o.now(), skipNumbers: o.skipNumbers });
  });
  const later = await migrateToLatest(o.target);
  if (later.length) o.progress.line(`migrated the restored office: ${later.join(', ')}`);
  return { manifest, notice };
}

export interface MoveResult {
  tables: Record<string, { rows: number }>;
  recapRows: number;
}

/**
 * Copies an SQLite office into an empty PostgreSQL database: every copied table, read in one
 * snapshot and written in one transaction, checked table by table, recap recounted. Attachments
 * stay where they are (DATA_DIR/uploads); sessions are not copied.
 */
export async function moveOffice(source: Db, target: Db, progress: Progress): Promise<MoveResult> {
  if (source.dialect !== 'sqlite') throw new BackupRefused('move-to-postgres copies the embedded SQLite office; DATABASE_URL already names PostgreSQL');
  if (target.dialect !== 'postgres') throw new BackupRefused('--to must be a postgres:// URL');
  const migrations = await inSnapshot(source, migrationsIn);
  await prepareSchema(target, migrations, false);
  const tables: MoveResult['tables'] = {};
  await inSnapshot(source, async (src) => {
    if ((await migrationsIn(src)).join() !== migrations.join()) throw new BackupRefused('the SQLite office was migrated meanwhile: run the command again');
    const plan = await snapshotTables(src, source.dialect);
    const expected: Record<string, ExpectedTable> = {};
    for (const { plan: p, columns } of plan) {
      const { rows, digest } = await digestTable(src, p, columns);
      expected[p.name] = { rows, digest, columns, key: p.key, ...(p.late ? { late: p.late } : {}) };
      tables[p.name] = { rows };
    }
    await target.kysely.transaction().execute(async (trx) => {
      await clearOffice(trx, target.dialect);
      const loader = new Loader(trx, expected, progress);
      for (const { plan: p, columns } of plan) {
        for await (const rows of readTable(src, p, columns)) await loader.rows(p.name, rows);
      }
      await loader.finish(target.dialect);
      await rebuildRecapTotals(trx as unknown as Kysely<unknown>, 'postgres');
      progress.line('recounted the recap totals');
    });
  });
  await migrateToLatest(target);
  const recap = await target.kysely.selectFrom('recap_day_counts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { tables, recapRows: Number(recap.n) };
}
