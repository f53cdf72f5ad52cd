import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * The team's live office: a user's named queue filters, and who has which complaint page open
 * (one row per user and complaint, refreshed by the page's heartbeat; stale rows are ignored and
 * swept, so every instance sees the same presence through the database).
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  let filters = col
    .id(createTable(db, 'saved_filters'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull());
  filters = col.timestamp(filters, 'created_at', (c) => c.notNull());
  await filters.addUniqueConstraint('saved_filters_user_name', ['user_id', 'name']).execute();

  let presence = createTable(db, 'complaint_presence')
    .addColumn('complaint_id', 'integer', (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'));
  presence = col.timestamp(presence, 'seen_at', (c) => c.notNull());
  await presence.addPrimaryKeyConstraint('complaint_presence_pk', ['complaint_id', 'user_id']).execute();
  await db.schema.createIndex('complaint_presence_seen').on('complaint_presence').column('seen_at').execute();
}
