import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * The mail outbox (written in the same transaction as the action that causes a message),
 * the scheduler's job leases, the deadline alerts already raised, staff mail preferences
 * and the record of personal-data erasures.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  const table = (name: string) => createTable(db, name);

  let outbox = col
    .id(table('outbox_messages'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('complaint_id', 'integer', (c) => c.references('complaints.id'))
    .addColumn('recipient_type', 'text', (c) => c.notNull())
    .addColumn('recipient_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('recipient_email', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('payload', 'text')
    .addColumn('subject', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text');
  outbox = col.flag(outbox, 'has_secret', 0);
  outbox = col.timestamp(outbox, 'next_attempt_at', (c) => c.notNull());
  outbox = col.timestamp(outbox, 'locked_until');
  outbox = col.timestamp(outbox, 'created_at', (c) => c.notNull());
  outbox = col.timestamp(outbox, 'sent_at');
  await outbox.execute();
  // The worker's claim query: due messages in order.
  await db.schema.createIndex('outbox_due').on('outbox_messages').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_complaint').on('outbox_messages').column('complaint_id').execute();

  let jobs = table('scheduler_jobs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('locked_by', 'text');
  jobs = col.timestamp(jobs, 'locked_until');
  jobs = col.timestamp(jobs, 'last_started_at');
  jobs = col.timestamp(jobs, 'last_finished_at');
  await jobs.execute();

  let alerts = table('deadline_alerts')
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id'))
    .addColumn('level', 'text', (c) => c.notNull());
  alerts = col.timestamp(alerts, 'due_at', (c) => c.notNull());
  alerts = col.timestamp(alerts, 'created_at', (c) => c.notNull());
  await alerts.addPrimaryKeyConstraint('deadline_alerts_pk', ['complaint_id', 'due_at', 'level'] as never).execute();

  await table('notification_preferences')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('new_complaints', 'text', (c) => c.notNull())
    .execute();

  let erasures = table('personal_data_erasures')
    .addColumn('complaint_id', 'integer', (c) => c.primaryKey().references('complaints.id'))
    .addColumn('summary', 'text', (c) => c.notNull());
  erasures = col.timestamp(erasures, 'erased_at', (c) => c.notNull());
  await erasures.execute();
  // Retention looks for finished complaints without an erasure, oldest first.
  await db.schema.createIndex('complaints_closed').on('complaints').columns(['closed_at']).where(sql.ref('closed_at'), 'is not', null).execute();
}
