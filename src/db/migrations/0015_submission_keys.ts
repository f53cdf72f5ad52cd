import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columns, createTable } from './columns.js';

/** How the rows looked in `settings` before this migration (decision 0018's first form). */
interface Before {
  settings: { key: string; value: string };
  submission_keys: { key_hash: string; sealed_receipt: string; created_at: string; expires_at: string };
}

/** The prefix and lifetime of the old rows, fixed here: this migration must not follow later code. */
const OLD_PREFIX = 'submission:';
const OLD_LIFETIME_MS = 24 * 3_600_000;

/**
 * Idempotency keys of resent complaint forms get their own table instead of rows in the office's
 * `settings`, with an expiry index so a timed job drops them. Rows of an office upgraded mid-day are
 * moved, so a resend of a form filed before the upgrade still answers its first receipt.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const col = columns(dialect);
  let keys = createTable(db, 'submission_keys')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    // Empty while the first send's transaction runs; then the receipt sealed by the idempotency key.
    .addColumn('sealed_receipt', 'text', (c) => c.notNull());
  keys = col.timestamp(keys, 'created_at', (c) => c.notNull());
  keys = col.timestamp(keys, 'expires_at', (c) => c.notNull());
  await keys.execute();
  await db.schema.createIndex('submission_keys_expiry').on('submission_keys').column('expires_at').execute();

  const old = db as unknown as Kysely<Before>;
  const rows = await old.selectFrom('settings').select(['key', 'value']).where('key', 'like', `${OLD_PREFIX}%`).execute();
  for (const row of rows) {
    const moved = fromOldRow(row.key, row.value);
    if (moved) await old.insertInto('submission_keys').values(moved).execute();
  }
  if (rows.length > 0) await old.deleteFrom('settings').where('key', 'like', `${OLD_PREFIX}%`).execute();
}

/** An old row as a new one; an unreadable one is dropped (it could never answer a receipt). */
function fromOldRow(key: string, value: string): Before['submission_keys'] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { at, sealed } = parsed as { at?: unknown; sealed?: unknown };
  const created = typeof at === 'string' ? Date.parse(at) : NaN;
  if (Number.isNaN(created) || typeof sealed !== 'string') return null;
  return {
    key_hash: key.slice(OLD_PREFIX.length),
    sealed_receipt: sealed,
    created_at: new Date(created).toISOString(),
    expires_at: new Date(created + OLD_LIFETIME_MS).toISOString(),
  };
}
