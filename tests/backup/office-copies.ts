/** Offices for the backup tests: a generated one of a few thousand complaints, and empty targets. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { generatePostgres, generateSqlite } from '../../bench/generate.js';
import { openDatabase, type Db, type DbTarget, type DialectName } from '../../src/db/database.js';
import { canonicalLine, type Row } from '../../src/backup/tables.js';
import { createEmptyPostgresDatabase } from '../support/databases.js';

export interface OfficeDb {
  target: DbTarget;
  db: Db;
  /** A second connection of its own, as the backup command opens. */
  connect(): Db;
  close(): Promise<void>;
}

type Place = Omit<OfficeDb, 'db' | 'close'> & { remove(): Promise<void> };

function withDb(place: Place): OfficeDb {
  const db = openDatabase(place.target);
  return { target: place.target, connect: place.connect, db, close: async () => (await db.close(), await place.remove()) };
}

async function emptyPlace(dialect: DialectName): Promise<Place> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-backup-'));
    const target: DbTarget = { dialect: 'sqlite', file: path.join(dir, 'aduan.sqlite') };
    return { target, connect: () => openDatabase(target), remove: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const { url, drop } = await createEmptyPostgresDatabase();
  return { target: { dialect: 'postgres', url, poolSize: 5 }, connect: () => openDatabase({ dialect: 'postgres', url, poolSize: 2 }), remove: drop };
}

/** An empty database of the kind (not migrated): a new SQLite file or a new PostgreSQL database. */
export async function emptyOffice(dialect: DialectName): Promise<OfficeDb> {
  return withDb(await emptyPlace(dialect));
}

/** An office of `size` generated complaints (bench/generate.ts) in every state. */
export async function generatedOffice(dialect: DialectName, size: number): Promise<OfficeDb> {
  const place = await emptyPlace(dialect);
  if (place.target.dialect === 'sqlite') await generateSqlite(place.target.file, size, () => {});
  else await generatePostgres(place.target.url, size, () => {});
  return withDb(place);
}

/** Every row of a table as canonical lines, in key order (the test's own read, plain SELECT *). */
export async function tableLines(db: Db, table: string): Promise<string[]> {
  const rows = await sql<Row>`select * from ${sql.table(table)}`.execute(db.kysely);
  return rows.rows.map(canonicalLine).sort();
}
