import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * SP4N-LAPOR! and merged duplicates (issues 14 and 16, decision 0030). A complaint registered from
 * LAPOR! keeps LAPOR!'s tracking ID (searched, and unique among open complaints: checked by the
 * registration, indexed here). A duplicate merged into its original says when; the original links
 * every reporter merged into it, each keeping their own tracking number.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const c = columns(dialect);
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  await db.schema.alterTable('complaints').addColumn('lapor_tracking_id', 'text').execute();
  await db.schema.createIndex('complaints_lapor_tracking_id').on('complaints').column('lapor_tracking_id').execute();
  await db.schema.alterTable('complaints').addColumn('merged_at', ts).execute();
  let reporters = createTable(db, 'complaint_reporters');
  reporters = c.id(reporters);
  reporters = reporters
    .addColumn('complaint_id', 'integer', (col) => col.notNull().references('complaints.id'))
    // Null when the duplicate's reporter gave no identity: the link is then the duplicate itself.
    .addColumn('reporter_id', 'integer', (col) => col.references('reporters.id'))
    .addColumn('merged_from_id', 'integer', (col) => col.notNull().references('complaints.id'));
  reporters = c.timestamp(reporters, 'linked_at', (col) => col.notNull());
  await reporters.execute();
  await db.schema.createIndex('complaint_reporters_complaint').on('complaint_reporters').column('complaint_id').execute();
  await db.schema.createIndex('complaint_reporters_merged_from').on('complaint_reporters').column('merged_from_id').unique().execute();
  // A file moved from a merged duplicate: the original's reporter never sees it (it is another person's).
  await db.schema.alterTable('attachments').addColumn('merged_from_id', 'integer', (col) => col.references('complaints.id')).execute();
  // And a message: the duplicate's erasure still finds its reporter's words.
  await db.schema.alterTable('complaint_messages').addColumn('merged_from_id', 'integer', (col) => col.references('complaints.id')).execute();
}
