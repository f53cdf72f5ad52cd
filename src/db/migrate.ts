import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Db, DialectName } from './database.js';
import * as m0001 from './migrations/0001_initial.js';
import * as m0002 from './migrations/0002_outbox.js';
import * as m0003 from './migrations/0003_recap_indexes.js';
import * as m0004 from './migrations/0004_recap_totals.js';
import * as m0005 from './migrations/0005_search_index_merging.js';
import * as m0006 from './migrations/0006_audit_log.js';
import * as m0007 from './migrations/0007_accounts.js';
import * as m0009 from './migrations/0009_identity_release.js';
import * as m0010 from './migrations/0010_personal_data_requests.js';
import * as m0011 from './migrations/0011_ownership_notifications.js';
import * as m0012 from './migrations/0012_live_office.js';
import * as m0013 from './migrations/0013_staff_profile.js';

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/** Append-only: add a new numbered file, never edit a released one. */
const MIGRATIONS: Record<string, DialectMigration> = {
  '0001_initial': m0001,
  '0002_outbox': m0002,
  '0003_recap_indexes': m0003,
  '0004_recap_totals': m0004,
  '0005_search_index_merging': m0005,
  '0006_audit_log': m0006,
  '0007_accounts': m0007,
  '0009_identity_release': m0009,
  '0010_personal_data_requests': m0010,
  '0011_ownership_notifications': m0011,
  '0012_live_office': m0012,
  '0013_staff_profile': m0013,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, this.dialect) }]),
    );
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: new StaticProvider(db.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations this version knows, oldest first (the backup's schema check). */
export const knownMigrations = (): string[] => Object.keys(MIGRATIONS);

/** The migrations already applied to this database, oldest first; none on a new one. */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: new StaticProvider(db.dialect) });
  return (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined).map((m) => m.name);
}

/** Brings a database up to `name` and no further: a restore loads an older backup into its own schema first. */
export async function migrateUpTo(db: Db, name: string): Promise<void> {
  const migrator = new Migrator({ db: db.kysely, provider: new StaticProvider(db.dialect) });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
