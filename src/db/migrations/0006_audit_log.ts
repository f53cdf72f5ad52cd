import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * The administrative audit log: every change to users, settings, catalogues, templates, every
 * login and every personal-data export or erasure, with who, when and the values before and
 * after. Append-only like the complaint event log: the database refuses updates and deletes.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  let audit = col
    .id(createTable(db, 'audit_log'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actor_role', 'text')
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text');
  audit = col.timestamp(audit, 'at', (c) => c.notNull());
  await audit.execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_log_action_at').on('audit_log').columns(['action', 'at']).execute();
  await db.schema.createIndex('audit_log_actor_at').on('audit_log').columns(['actor_user_id', 'at']).execute();

  if (dialect === 'postgres') {
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
    return;
  }
  await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
}
