import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * Mail read from the office's inbound mailbox (issue 14): one row per message, keyed by a hash of its
 * Message-ID, written in the same transaction as the complaint or reply it became. The unique key is
 * what makes several instances polling one mailbox take each mail exactly once (decision 0023).
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  let mails = col
    .id(createTable(db, 'inbound_mails'))
    .addColumn('message_key', 'text', (c) => c.notNull())
    // complaint (a new one), reply (to one of ours), skipped (bounce, auto-reply, bulk) or refused.
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('complaint_id', 'integer', (c) => c.references('complaints.id'));
  mails = col.timestamp(mails, 'received_at', (c) => c.notNull());
  await mails.execute();
  await db.schema.createIndex('inbound_mails_message_key').on('inbound_mails').column('message_key').unique().execute();
  await db.schema.createIndex('inbound_mails_complaint').on('inbound_mails').column('complaint_id').execute();
}
