import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
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
import * as m0014 from './migrations/0014_reporter_sign_in.js';
import * as m0015 from './migrations/0015_submission_keys.js';
import * as m0016 from './migrations/0016_outbox_attempts.js';
import * as m0017 from './migrations/0017_reporter_email_index.js';
import * as m0018 from './migrations/0018_channels.js';
import * as m0019 from './migrations/0019_inbound_mail.js';
import * as m0020 from './migrations/0020_imported_complaints.js';
import * as m0021 from './migrations/0021_knowledge_base.js';
import * as m0022 from './migrations/0022_lapor_and_merging.js';
import * as m0023 from './migrations/0023_publications.js';
import * as m0024 from './migrations/0024_api_keys_webhooks.js';
import * as m0025 from './migrations/0025_whatsapp.js';

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
  '0014_reporter_sign_in': m0014,
  '0015_submission_keys': m0015,
  '0016_outbox_attempts': m0016,
  '0017_reporter_email_index': m0017,
  '0018_channels': m0018,
  '0019_inbound_mail': m0019,
  '0020_imported_complaints': m0020,
  '0021_knowledge_base': m0021,
  '0022_lapor_and_merging': m0022,
  '0023_publications': m0023,
  '0024_api_keys_webhooks': m0024,
  '0025_whatsapp': m0025,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, this.dialect) }]),
    );
  }
}

/** The migrations this version of the code knows, oldest first. */
export const KNOWN_MIGRATIONS: readonly string[] = Object.keys(MIGRATIONS).sort();

export interface SchemaStatus {
  /** Migrations recorded in the database, oldest first. */
  applied: string[];
  /** Known to the code, not yet applied. */
  pending: string[];
  /** Applied by a newer version of Aduan: this code must not run on it. */
  unknown: string[];
}

/** What the database's migration record says against the code's list; a new database has applied none. */
export async function schemaStatus(db: Db): Promise<SchemaStatus> {
  let applied: string[] = [];
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db.kysely);
    applied = rows.rows.map((r) => r.name);
  } catch (error) {
    // No record table yet (a new database); anything else (unreachable) is the caller's failure.
    if (!(await hasNoMigrationTable(db))) throw error;
  }
  const known = new Set(KNOWN_MIGRATIONS);
  const done = new Set(applied);
  return { applied, pending: KNOWN_MIGRATIONS.filter((m) => !done.has(m)), unknown: applied.filter((m) => !known.has(m)) };
}

async function hasNoMigrationTable(db: Db): Promise<boolean> {
  const query =
    db.dialect === 'postgres'
      ? sql<{ n: number }>`select count(*) as n from information_schema.tables where table_name = 'kysely_migration' and table_schema = current_schema()`
      : sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'`;
  const rows = await query.execute(db.kysely);
  return Number(rows.rows[0]?.n ?? 0) === 0;
}

/** The database was migrated by a newer Aduan: starting on it could corrupt what that version wrote. */
export class SchemaTooNewError extends Error {
  constructor(readonly unknown: readonly string[]) {
    super(
      `The database was migrated by a newer version of Aduan (it has ${unknown.join(', ')}, unknown to this version, whose last migration is ${KNOWN_MIGRATIONS.at(-1)}): run the newer version, or restore a backup taken before the upgrade.`,
    );
    this.name = 'SchemaTooNewError';
  }
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const status = await schemaStatus(db);
  if (status.unknown.length > 0) throw new SchemaTooNewError(status.unknown);
  const migrator = new Migrator({ db: db.kysely, provider: new StaticProvider(db.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations this version knows, oldest first (the backup's schema check). */
export const knownMigrations = (): string[] => [...KNOWN_MIGRATIONS];

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
