import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/**
 * Other systems come in (issue 16, decision 0027): API keys with scopes, stored as a hash and found
 * by a non-secret key id; their use counted per key, hour, route and status (not one row per call);
 * which key filed which Open311 request, with the token the client asks about; and webhook
 * subscriptions, whose deliveries are outbox rows on the `webhook` channel.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const c = columns(dialect);
  let keys = createTable(db, 'api_keys');
  keys = c.id(keys)
    .addColumn('key_id', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('scopes', 'text', (col) => col.notNull())
    .addColumn('secret_hash', 'text', (col) => col.notNull())
    .addColumn('act_as_user_id', 'integer', (col) => col.references('users.id'))
    .addColumn('created_by', 'integer', (col) => col.references('users.id'));
  keys = c.timestamp(keys, 'created_at', (col) => col.notNull());
  keys = c.timestamp(keys, 'expires_at');
  keys = c.timestamp(keys, 'revoked_at');
  keys = keys.addColumn('revoked_by', 'integer', (col) => col.references('users.id'));
  keys = c.timestamp(keys, 'last_used_at');
  await keys.execute();

  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  await db.schema
    .createTable('api_key_usage')
    .addColumn('api_key_id', 'integer', (col) => col.notNull().references('api_keys.id'))
    .addColumn('hour', ts, (col) => col.notNull())
    .addColumn('route', 'text', (col) => col.notNull())
    .addColumn('status', 'integer', (col) => col.notNull())
    .addColumn('uses', 'integer', (col) => col.notNull())
    .addColumn('last_at', ts, (col) => col.notNull())
    .addPrimaryKeyConstraint('api_key_usage_pk', ['api_key_id', 'hour', 'route', 'status'])
    .execute();

  let requests = createTable(db, 'open311_requests')
    .addColumn('complaint_id', 'integer', (col) => col.primaryKey().references('complaints.id'))
    .addColumn('token', 'text', (col) => col.notNull().unique())
    .addColumn('api_key_id', 'integer', (col) => col.notNull().references('api_keys.id'));
  requests = c.timestamp(requests, 'created_at', (col) => col.notNull());
  await requests.execute();
  await db.schema.createIndex('open311_requests_api_key').on('open311_requests').column('api_key_id').execute();

  let hooks = createTable(db, 'webhook_subscriptions');
  hooks = c.id(hooks)
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('events', 'text', (col) => col.notNull())
    .addColumn('scope', 'text', (col) => col.notNull())
    .addColumn('secret', 'text', (col) => col.notNull())
    .addColumn('created_by', 'integer', (col) => col.references('users.id'));
  hooks = c.timestamp(hooks, 'created_at', (col) => col.notNull());
  hooks = c.timestamp(hooks, 'disabled_at');
  hooks = hooks.addColumn('disabled_reason', 'text');
  await hooks.execute();
}
