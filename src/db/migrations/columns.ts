import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import type { DialectName } from '../database.js';

export type Table = CreateTableBuilder<string, never>;

/**
 * Columns that differ between the two databases, named once for every migration.
 * Changing what these produce would change released migrations: add a new helper instead.
 */
export function columns(dialect: DialectName) {
  const pg = dialect === 'postgres';
  return {
    id: (t: Table) =>
      t.addColumn('id', 'integer', (c) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement())),
    timestamp: (t: Table, name: string, build: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder = (c) => c) =>
      t.addColumn(name, pg ? 'timestamptz' : 'text', build),
    flag: (t: Table, name: string, dflt: 0 | 1 | null) => t.addColumn(name, 'smallint', (c) => (dflt === null ? c : c.notNull().defaultTo(dflt))),
  };
}

export const createTable = (db: Kysely<unknown>, name: string): Table => db.schema.createTable(name) as unknown as Table;
