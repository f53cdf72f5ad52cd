/**
 * The logical copy of the office's tables, the same code for backup, restore and the move to
 * PostgreSQL: rows read in key order in batches, each written as one canonical JSON line (keys
 * sorted), and a per-table digest that does not depend on row order or on the database's collation,
 * so an SQLite office and its PostgreSQL copy can be compared table by table.
 */
import crypto from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DialectName } from '../db/database.js';
import type { Database } from '../db/schema.js';

export type Row = Record<string, unknown>;
export type AnyTrx = Transaction<Database> | Kysely<Database>;

export interface TablePlan {
  name: string;
  /** The primary key, read in this order in batches. */
  key: string[];
  /** Self-references loaded after the whole table, as the rows may point forward. */
  late?: string[];
}

/** Every table that is copied, parents before children (the load order). */
export const COPIED_TABLES: readonly TablePlan[] = [
  { name: 'divisions', key: ['id'] },
  { name: 'permit_types', key: ['id'] },
  { name: 'complaint_classes', key: ['id'] },
  { name: 'complaint_themes', key: ['id'] },
  { name: 'holidays', key: ['date'] },
  { name: 'office_hours', key: ['weekday'] },
  { name: 'settings', key: ['key'] },
  { name: 'step_roles', key: ['action', 'role'] },
  { name: 'users', key: ['id'] },
  { name: 'reporters', key: ['id'] },
  { name: 'tracking_counters', key: ['year'] },
  { name: 'complaints', key: ['id'], late: ['duplicate_of_id'] },
  { name: 'complaint_events', key: ['id'] },
  { name: 'complaint_messages', key: ['id'] },
  { name: 'dispositions', key: ['id'] },
  { name: 'answers', key: ['id'] },
  { name: 'attachments', key: ['id'] },
  { name: 'identity_releases', key: ['id'] },
  { name: 'satisfaction_surveys', key: ['complaint_id'] },
  { name: 'outbox_messages', key: ['id'] },
  { name: 'channel_contacts', key: ['channel', 'address'] },
  { name: 'scheduler_jobs', key: ['name'] },
  { name: 'deadline_alerts', key: ['complaint_id', 'due_at', 'level'] },
  { name: 'notification_preferences', key: ['user_id'] },
  { name: 'personal_data_erasures', key: ['complaint_id'] },
  { name: 'recap_day_counts', key: ['day', 'is_confidential', 'dimension', 'key'] },
  { name: 'recap_day_surveys', key: ['day', 'is_confidential'] },
  { name: 'audit_log', key: ['id'] },
  { name: 'login_known_addresses', key: ['user_id', 'address_hash'] },
  { name: 'password_resets', key: ['token_hash'] },
  { name: 'notifications', key: ['id'] },
  { name: 'personal_data_requests', key: ['id'] },
  { name: 'saved_filters', key: ['id'] },
  { name: 'kb_entries', key: ['id'] },
  { name: 'kb_revisions', key: ['id'] },
  { name: 'inbound_mails', key: ['id'] },
  { name: 'publications', key: ['id'] },
  { name: 'me_too_marks', key: ['publication_id', 'mark'] },
  { name: 'whatsapp_inbound', key: ['wamid'] },
  { name: 'api_keys', key: ['id'] },
  { name: 'api_key_usage', key: ['api_key_id', 'hour', 'route', 'status'] },
  { name: 'open311_requests', key: ['complaint_id'] },
  { name: 'webhook_subscriptions', key: ['id'] },
  { name: 'complaint_reporters', key: ['id'] },
];

/** Tables deliberately left out, and why (printed by `backup --help` and in the manifest). */
export const NOT_COPIED: Readonly<Record<string, string>> = {
  sessions: 'logins: everyone signs in again on the restored office (a backup holds no live session)',
  complaint_presence: 'who has a page open right now',
  login_throttles: 'short-lived counts of failed logins',
  reporter_sign_ins: "a reporter's one-time sign-in links and sessions of at most two hours: they ask again",
  submission_keys: 'keys of resent complaint forms, kept a day: at worst a form resent across a restore files twice',
  kb_suggestion_tokens: 'suggestions shown on the complaint form in the last two hours: an answer clicked across a restore is not counted',
  whatsapp_conversations: 'a complaint being filed on WhatsApp, idle for at most a day: the person starts again',
  whatsapp_held_files: "the files of such a conversation (the archive carries only attachments' bytes)",
  kysely_migration: 'the schema: the manifest lists its migrations and the target is migrated',
  kysely_migration_lock: 'the schema lock',
};

/** Derived tables the database keeps itself (SQLite's full-text index). */
const isDerived = (name: string): boolean => name.startsWith('sqlite_') || name.startsWith('complaints_fts') || name.startsWith('publications_fts');

/** The tables to copy from this database: the known ones in order, then any newer one by name. */
export async function planTables(db: AnyTrx, dialect: DialectName): Promise<TablePlan[]> {
  const names = await listTables(db, dialect);
  const known = new Set(COPIED_TABLES.map((t) => t.name));
  const present = new Set(names);
  const plans = COPIED_TABLES.filter((t) => present.has(t.name));
  for (const name of names.filter((n) => !known.has(n) && !(n in NOT_COPIED) && !isDerived(n)).sort()) {
    const cols = await tableColumns(db, dialect, name);
    plans.push({ name, key: cols.includes('id') ? ['id'] : cols });
  }
  return plans;
}

export async function listTables(db: AnyTrx, dialect: DialectName): Promise<string[]> {
  const query =
    dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`
      : sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`;
  return (await query.execute(db)).rows.map((r) => r.name);
}

/** The stored columns (PostgreSQL's generated search vector is the database's own). */
export async function tableColumns(db: AnyTrx, dialect: DialectName, table: string): Promise<string[]> {
  const query =
    dialect === 'sqlite'
      ? sql<{ name: string }>`select name from pragma_table_info(${table}) order by cid`
      : sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER' order by ordinal_position`;
  return (await query.execute(db)).rows.map((r) => r.name);
}

/** One row as the archive holds it: keys sorted, so both databases write the same line. */
export function canonicalLine(row: Row): string {
  const sorted: Row = {};
  for (const key of Object.keys(row).sort()) sorted[key] = row[key] ?? null;
  return JSON.stringify(sorted);
}

/**
 * A row as the digest sees it: fractions to 6 significant digits, since PostgreSQL keeps
 * `paused_remaining_days` as a 4-byte real (about 7 digits) where SQLite keeps 8 bytes.
 */
export function comparableLine(row: Row, canonical?: string): string {
  // Most rows hold no fraction: their canonical line is already the comparable one.
  if (canonical !== undefined && !Object.values(row).some((v) => typeof v === 'number' && !Number.isInteger(v))) return canonical;
  const sorted: Row = {};
  for (const key of Object.keys(row).sort()) {
    const v = row[key] ?? null;
    sorted[key] = typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v;
  }
  return JSON.stringify(sorted);
}

/** A digest of a set of rows, the same in any order: the lane-wise sum of each row's sha256. */
export class RowDigest {
  private readonly lanes = new Uint32Array(8);
  rows = 0;
  add(row: Row, canonical?: string): void {
    const hash = crypto.createHash('sha256').update(comparableLine(row, canonical)).digest();
    for (let i = 0; i < 8; i++) this.lanes[i] = ((this.lanes[i] as number) + hash.readUInt32BE(i * 4)) >>> 0;
    this.rows++;
  }
  hex(): string {
    return Array.from(this.lanes, (v) => v.toString(16).padStart(8, '0')).join('');
  }
}

const ref = (name: string): RawBuilder<unknown> => sql.ref(name);

/** The table's rows in key order, `batchSize` at a time (keyset paging: each batch costs the same). */
export async function* readTable(db: AnyTrx, plan: TablePlan, columns: string[], batchSize = 1000): AsyncGenerator<Row[]> {
  const select = sql.join(columns.map(ref));
  const order = sql.join(plan.key.map(ref));
  if (plan.key.length === 0 || plan.key.length === columns.length) {
    // No usable key: one read (only a table this version does not know).
    const all = await sql<Row>`select ${select} from ${sql.table(plan.name)} order by ${order}`.execute(db);
    if (all.rows.length) yield all.rows;
    return;
  }
  let last: Row | undefined;
  for (;;) {
    const after = last
      ? plan.key.length === 1
        ? sql`where ${ref(plan.key[0] as string)} > ${last[plan.key[0] as string]}`
        : sql`where (${order}) > (${sql.join(plan.key.map((k) => last?.[k]))})`
      : sql``;
    const batch = await sql<Row>`select ${select} from ${sql.table(plan.name)} ${after} order by ${order} limit ${batchSize}`.execute(db);
    if (batch.rows.length === 0) return;
    yield batch.rows;
    if (batch.rows.length < batchSize) return;
    last = batch.rows[batch.rows.length - 1];
  }
}

/** Count and digest of a table as this transaction sees it: the check after every load. */
export async function digestTable(db: AnyTrx, plan: TablePlan, columns: string[]): Promise<{ rows: number; digest: string }> {
  const digest = new RowDigest();
  for await (const rows of readTable(db, plan, columns, 2000)) for (const row of rows) digest.add(row);
  return { rows: digest.rows, digest: digest.hex() };
}

// Both databases take well over 30,000 parameters per statement (SQLite 32,766; PostgreSQL 65,535).
const MAX_PARAMETERS = 30_000;

/** Inserts rows as given (ids included); self-references are set afterwards by `setLateColumns`. */
export async function insertRows(db: AnyTrx, plan: TablePlan, columns: string[], rows: Row[]): Promise<void> {
  const late = new Set(plan.late ?? []);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const values = chunk.map((row) => sql`(${sql.join(columns.map((c) => (late.has(c) ? null : (row[c] ?? null))))})`);
    await sql`insert into ${sql.table(plan.name)} (${sql.join(columns.map(ref))}) values ${sql.join(values)}`.execute(db);
  }
}

export async function setLateColumns(db: AnyTrx, plan: TablePlan, rows: Row[]): Promise<void> {
  for (const column of plan.late ?? []) {
    for (const row of rows) {
      if (row[column] === null || row[column] === undefined) continue;
      await sql`update ${sql.table(plan.name)} set ${ref(column)} = ${row[column]} where ${ref('id')} = ${row.id}`.execute(db);
    }
  }
}

/** Rows in the office's own tables: anything here means the target is an office already. */
export async function officeRows(db: AnyTrx, dialect: DialectName): Promise<number> {
  const tables = new Set(await listTables(db, dialect));
  let n = 0;
  for (const t of ['users', 'complaints', 'reporters']) {
    if (!tables.has(t)) continue;
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(db);
    n += Number(r.rows[0]?.n ?? 0);
  }
  return n;
}
