import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * When a worker last started handing a message to the mail server, written BEFORE it does: a
 * pending message with this set may already have been delivered once (the worker died before it
 * could record the outcome), so the next send is a possible repeat under the same Message-ID.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('outbox_messages').addColumn('attempted_at', dialect === 'postgres' ? 'timestamptz' : 'text').execute();
}
