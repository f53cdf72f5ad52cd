/** Loading a copy into a database in one transaction: clear, insert, check, continue the numbering. */
import { sql } from 'kysely';
import type { DialectName } from '../db/database.js';
import { formatCount, type Progress } from './progress.js';
import { digestTable, insertRows, listTables, NOT_COPIED, planTables, setLateColumns, type AnyTrx, type Row, type TablePlan } from './tables.js';

export class LoadRefused extends Error {}

/** What the archive (or the source database) says a table holds. */
export interface ExpectedTable {
  rows: number;
  digest: string;
  columns: string[];
  key: string[];
  late?: string[];
}

/**
 * Empties every table of the target inside the caller's transaction. The event log and the audit
 * log refuse deletes by trigger; the triggers are lifted for this transaction only (a rollback
 * brings them back untouched).
 */
export async function clearOffice(trx: AnyTrx, dialect: DialectName): Promise<void> {
  const tables = new Set(await listTables(trx, dialect));
  const guarded = ['complaint_events', 'audit_log'].filter((t) => tables.has(t));
  const restoreGuards: string[] = [];
  if (dialect === 'postgres') {
    for (const t of guarded) await sql`alter table ${sql.table(t)} disable trigger ${sql.ref(`${t}_no_change`)}`.execute(trx);
  } else {
    const triggers = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' and name in ('complaint_events_no_delete', 'audit_log_no_delete')`.execute(trx);
    for (const t of triggers.rows) {
      await sql`drop trigger ${sql.ref(t.name)}`.execute(trx);
      restoreGuards.push(t.sql);
    }
  }
  const runtime = Object.keys(NOT_COPIED).filter((t) => tables.has(t) && !t.startsWith('kysely_'));
  const plans = await planTables(trx, dialect);
  for (const t of [...runtime, ...plans.map((p) => p.name).reverse()]) await sql`delete from ${sql.table(t)}`.execute(trx);
  if (dialect === 'postgres') {
    for (const t of guarded) await sql`alter table ${sql.table(t)} enable trigger ${sql.ref(`${t}_no_change`)}`.execute(trx);
  } else {
    for (const text of restoreGuards) await sql.raw(text).execute(trx);
  }
}

/** Inserts rows table by table as they arrive; self-references last. */
export class Loader {
  private readonly loaded = new Map<string, number>();
  private readonly lateRows: { plan: TablePlan; row: Row }[] = [];
  private current: string | undefined;

  constructor(
    private readonly trx: AnyTrx,
    private readonly expected: Record<string, ExpectedTable>,
    private readonly progress: Progress,
  ) {}

  private plan(table: string): TablePlan {
    const e = this.expected[table];
    if (!e) throw new LoadRefused(`rows for an unknown table: ${table}`);
    return { name: table, key: e.key, ...(e.late ? { late: e.late } : {}) };
  }

  async rows(table: string, rows: Row[]): Promise<void> {
    const plan = this.plan(table);
    if (this.current !== table) {
      this.endTable();
      // The recap tables were already filled by triggers as complaints went in: the copy's rows replace them.
      await sql`delete from ${sql.table(table)}`.execute(this.trx);
    }
    this.current = table;
    await insertRows(this.trx, plan, (this.expected[table] as ExpectedTable).columns, rows);
    for (const row of rows) if (plan.late?.some((c) => row[c] !== null && row[c] !== undefined)) this.lateRows.push({ plan, row });
    this.loaded.set(table, (this.loaded.get(table) ?? 0) + rows.length);
    this.progress.update(`loading ${table}: ${formatCount(this.loaded.get(table) ?? 0)} of ${formatCount(this.expected[table]?.rows ?? 0)} rows`);
  }

  private endTable(): void {
    if (this.current) this.progress.line(`loaded ${this.current}: ${formatCount(this.loaded.get(this.current) ?? 0)} rows`);
    this.current = undefined;
  }

  /** Sets the self-references, then re-reads every table and compares count and digest. */
  async finish(dialect: DialectName): Promise<void> {
    this.endTable();
    for (const { plan, row } of this.lateRows) await setLateColumns(this.trx, plan, [row]);
    for (const [table, e] of Object.entries(this.expected)) if (e.rows === 0 && !this.loaded.has(table)) await sql`delete from ${sql.table(table)}`.execute(this.trx);
    for (const [table, e] of Object.entries(this.expected)) {
      const got = await digestTable(this.trx, this.plan(table), e.columns);
      if (got.rows !== e.rows || got.digest !== e.digest) {
        throw new LoadRefused(`table ${table} does not match after loading: ${got.rows} rows (expected ${e.rows})${got.rows === e.rows ? ', different content' : ''}`);
      }
      this.progress.line(`verified ${table}: ${formatCount(got.rows)} rows, checksum matches`);
    }
    if (dialect === 'postgres') await continueSequences(this.trx, Object.entries(this.expected).filter(([, e]) => e.columns.includes('id')).map(([t]) => t));
  }
}

/** PostgreSQL's identity columns go on past the highest id loaded (SQLite's AUTOINCREMENT follows by itself). */
export async function continueSequences(trx: AnyTrx, tablesWithId: string[]): Promise<void> {
  for (const table of tablesWithId) {
    const sequence = await sql<{ s: string | null }>`select pg_get_serial_sequence(${table}, 'id') as s`.execute(trx);
    const name = sequence.rows[0]?.s;
    if (!name) continue;
    await sql`select setval(${name}, coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
  }
}
