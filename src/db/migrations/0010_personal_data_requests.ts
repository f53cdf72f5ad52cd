import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * Requests a reporter makes about their personal data (UU 27/2022): a copy, a correction or an
 * erasure, each answered by the intake desk before `due_at`. The request's `details` are the
 * reporter's own words; they are erased with the rest of the reporter's data.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  let table = col
    .id(createTable(db, 'personal_data_requests'))
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('outcome_note', 'text')
    .addColumn('handled_by', 'integer', (c) => c.references('users.id'));
  table = col.timestamp(table, 'requested_at', (c) => c.notNull());
  table = col.timestamp(table, 'due_at', (c) => c.notNull());
  table = col.timestamp(table, 'handled_at');
  await table.execute();
  await db.schema.createIndex('personal_data_requests_complaint').on('personal_data_requests').columns(['complaint_id', 'id']).execute();
  await db.schema.createIndex('personal_data_requests_state_due').on('personal_data_requests').columns(['state', 'due_at']).execute();
}
