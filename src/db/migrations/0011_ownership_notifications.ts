import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * A named person at each step and the back office's own notifications (issue 12).
 * - `complaints.owner_user_id`: the intake staff member handling the complaint (null: nobody yet);
 * - `dispositions.owner_user_id`: the officer of the division handling that disposition;
 * - `notifications`: one row per person told of a hand-off, read/unread per person.
 * The owner columns are not among the recap triggers' columns (0004), so a reassignment leaves the
 * running totals alone.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  await db.schema.alterTable('complaints').addColumn('owner_user_id', 'integer', (c) => c.references('users.id')).execute();
  await db.schema.alterTable('dispositions').addColumn('owner_user_id', 'integer', (c) => c.references('users.id')).execute();
  // "My work" (owner, nearest deadline first) and the recap per person (owner, period received).
  await db.schema.createIndex('complaints_owner_due').on('complaints').columns(['owner_user_id', 'due_at']).where(sql.ref('owner_user_id'), 'is not', null).execute();
  await db.schema.createIndex('complaints_owner_received').on('complaints').columns(['owner_user_id', 'received_at']).where(sql.ref('owner_user_id'), 'is not', null).execute();
  await db.schema.createIndex('dispositions_owner').on('dispositions').columns(['owner_user_id', 'followed_up_at']).where(sql.ref('owner_user_id'), 'is not', null).execute();
  // The open dispositions of a division, for its officers' queue.
  await db.schema.createIndex('dispositions_division_open').on('dispositions').columns(['division_id', 'due_at']).where(sql.ref('followed_up_at'), 'is', null).execute();
  // Drafts and returns per drafter, for "drafts returned to me".
  await db.schema.createIndex('answers_drafter_status').on('answers').columns(['drafted_by', 'status']).execute();

  let notifications = col
    .id(createTable(db, 'notifications'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('complaint_id', 'integer', (c) => c.references('complaints.id'))
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('data', 'text');
  notifications = col.timestamp(notifications, 'created_at', (c) => c.notNull());
  notifications = col.timestamp(notifications, 'read_at');
  await notifications.execute();
  await db.schema.createIndex('notifications_user_read').on('notifications').columns(['user_id', 'read_at', 'id']).execute();
  await db.schema.createIndex('notifications_complaint').on('notifications').columns(['complaint_id']).execute();
}
