import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { StaffPrincipal } from '../shared/http.js';

/**
 * What an audit entry records. `action` is `<area>.<verb>`, e.g. `user.created`, `login.failed`,
 * `settings.deadlines_changed`, `personal_data.exported`. `before`/`after` hold the changed values
 * only, never a password, hash, token or access code.
 */
export interface AuditEntry {
  action: string;
  /** Who did it; null for an unauthenticated request (a failed login) or the system. */
  actor: Pick<StaffPrincipal, 'userId' | 'role'> | null;
  target?: { type: string; id: string | number };
  ip?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  at: Date;
}

/** The one way anything is written to the append-only audit log; pass the change's transaction. */
export async function recordAudit(db: Transaction<Database> | Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      action: entry.action,
      actor_user_id: entry.actor?.userId ?? null,
      actor_role: entry.actor?.role ?? null,
      target_type: entry.target?.type ?? null,
      target_id: entry.target === undefined ? null : String(entry.target.id),
      ip: entry.ip ?? null,
      before: entry.before ? JSON.stringify(entry.before) : null,
      after: entry.after ? JSON.stringify(entry.after) : null,
      at: entry.at.toISOString(),
    })
    .execute();
}
