import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Messages leave by more than mail (issue 14/16): each outbox row names its channel and, for a
 * channel without e-mail, the address it goes to (a phone number, a subscriber's URL). A provider
 * that answers with its own id (WhatsApp) reports delivery and reading later against that id.
 * We note when a number last wrote to us. A reporter says which channel they want to hear on; a complaint may say where it happened.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  await db.schema.alterTable('outbox_messages').addColumn('channel', 'text', (c) => c.notNull().defaultTo('email')).execute();
  await db.schema.alterTable('outbox_messages').addColumn('recipient_address', 'text').execute();
  await db.schema.alterTable('outbox_messages').addColumn('provider_message_id', 'text').execute();
  await db.schema.alterTable('outbox_messages').addColumn('delivery_status', 'text').execute();
  await db.schema.alterTable('outbox_messages').addColumn('delivery_status_at', ts).execute();
  await db.schema.createIndex('outbox_messages_provider_message_id').on('outbox_messages').columns(['channel', 'provider_message_id']).execute();
  await db.schema.alterTable('reporters').addColumn('preferred_channel', 'text').execute();
  // When a number last wrote to us: WhatsApp lets a business answer freely for 24 hours after.
  await db.schema
    .createTable('channel_contacts')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('last_inbound_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_contacts_pk', ['channel', 'address'])
    .execute();
  await db.schema.alterTable('complaints').addColumn('location_address', 'text').execute();
  await db.schema.alterTable('complaints').addColumn('location_lat', real).execute();
  await db.schema.alterTable('complaints').addColumn('location_lng', real).execute();
}
