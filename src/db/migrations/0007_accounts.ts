import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * Login throttling counted in the database (so concurrent requests and several instances share
 * one count), the addresses each account has logged in from, and password-reset links.
 * Decision 0007 gives the design.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  // One row per counter: `addr:<ip>`, `pair:<email hash>:<ip>`, `acct:<email hash>`, `reset:…`.
  let throttles = createTable(db, 'login_throttles')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('attempts', 'integer', (c) => c.notNull());
  throttles = col.timestamp(throttles, 'window_started_at', (c) => c.notNull());
  await throttles.execute();
  await db.schema.createIndex('login_throttles_window').on('login_throttles').column('window_started_at').execute();

  let known = createTable(db, 'login_known_addresses')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_known_addresses_pk', ['user_id', 'address_hash'] as never);
  known = col.timestamp(known, 'last_success_at', (c) => c.notNull());
  await known.execute();

  // Only the token's SHA-256 is kept: the link in the mail is the one copy of the token.
  let resets = createTable(db, 'password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('requested_by', 'integer', (c) => c.references('users.id'));
  resets = col.timestamp(resets, 'created_at', (c) => c.notNull());
  resets = col.timestamp(resets, 'expires_at', (c) => c.notNull());
  resets = col.timestamp(resets, 'used_at');
  await resets.execute();
  await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
}
