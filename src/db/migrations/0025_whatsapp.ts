import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * WhatsApp in (issue 14): each message Meta delivers is handled once however often it is retried
 * (its `wamid` kept); a number filing a complaint step by step has one conversation, and the photos
 * or documents it sent before the complaint exists are held in the file store under their own rows.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  let inbound = createTable(db, 'whatsapp_inbound').addColumn('wamid', 'text', (c) => c.primaryKey());
  inbound = col.timestamp(inbound, 'received_at', (c) => c.notNull());
  await inbound.execute();

  let conversations = createTable(db, 'whatsapp_conversations')
    .addColumn('phone', 'text', (c) => c.primaryKey())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('permit_type_id', 'integer', (c) => c.references('permit_types.id'))
    .addColumn('description', 'text')
    .addColumn('profile_name', 'text');
  conversations = col.timestamp(conversations, 'updated_at', (c) => c.notNull());
  await conversations.execute();
  await db.schema.createIndex('whatsapp_conversations_updated').on('whatsapp_conversations').column('updated_at').execute();

  let held = createTable(db, 'whatsapp_held_files')
    .addColumn('stored_name', 'text', (c) => c.primaryKey())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull());
  held = col.timestamp(held, 'created_at', (c) => c.notNull());
  await held.execute();
  await db.schema.createIndex('whatsapp_held_files_phone').on('whatsapp_held_files').column('phone').execute();
}
