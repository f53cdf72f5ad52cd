import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Db, type DialectName } from '../../src/db/database.js';
import { migrateToLatest, migrateUpTo } from '../../src/db/migrate.js';

export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

/** A fresh, migrated database of the given kind (only up to `upTo` if named); drop it with the returned Db's close(). */
export async function createTestDatabase(dialect: DialectName, upTo?: string): Promise<Db> {
  const migrate = (db: Db) => (upTo ? migrateUpTo(db, upTo) : migrateToLatest(db));
  if (dialect === 'sqlite') {
    const db = openDatabase({ dialect: 'sqlite', file: ':memory:' });
    await migrate(db);
    return db;
  }
  const { url, drop } = await createEmptyPostgresDatabase();
  const db = openDatabase({ dialect: 'postgres', url, poolSize: 5 });
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      await drop();
    },
  };
}

/** A new, empty (not migrated) PostgreSQL database on the test server: its URL and how to drop it. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('postgresUrl');
  const name = `aduan_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
