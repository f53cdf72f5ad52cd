import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * "My complaints": a one-time sign-in link mailed to a reporter's address, and the short reporter
 * session it opens. Only hashes of the link's token and of the session's cookie are kept, and the
 * complaints the link covers (never the address: it is personal data and lives in `reporters`).
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  let links = createTable(db, 'reporter_sign_ins')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    // JSON array of complaint ids filed with the address when the link was asked for.
    .addColumn('complaint_ids', 'text', (c) => c.notNull())
    .addColumn('session_hash', 'text', (c) => c.unique());
  links = col.timestamp(links, 'created_at', (c) => c.notNull());
  links = col.timestamp(links, 'expires_at', (c) => c.notNull());
  links = col.timestamp(links, 'used_at');
  links = col.timestamp(links, 'session_expires_at');
  await links.execute();
  await db.schema.createIndex('reporter_sign_ins_expiry').on('reporter_sign_ins').column('expires_at').execute();
}
