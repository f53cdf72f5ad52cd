/**
 * A restored office is behind the one that was lost: mail it still has as unsent may have gone out
 * already, and tracking numbers after its counter may already be on reporters' receipts. So its
 * unsent mail is held until an admin releases it, and numbering jumps past a margin (decision 0019).
 */
import type { Kysely } from 'kysely';
import { recordAudit, type AuditEntry } from '../audit/log.js';
import { jakartaYear } from '../calendar/working-time.js';
import type { Database } from '../db/schema.js';
import type { AnyTrx } from './tables.js';

export const DEFAULT_SKIP_NUMBERS = 1000;

export interface SkippedRange {
  year: number;
  first: string;
  last: string;
}

export interface RestoreNotice {
  backupCreatedAt: string;
  heldMessages: number;
  skipped: SkippedRange[];
}

const trackingNumber = (year: number, n: number): string => `ADU-${year}-${String(n).padStart(6, '0')}`;

/** Inside the restore's transaction: hold unsent mail, move every counter from the backup's year to now past the margin, tell the audit log. */
export async function holdAfterRestore(trx: AnyTrx, options: { backupCreatedAt: string; now: Date; skipNumbers: number }): Promise<RestoreNotice> {
  const held = await trx
    .updateTable('outbox_messages')
    .set({ status: 'held', locked_by: null, locked_until: null })
    .where('status', '=', 'pending')
    .executeTakeFirst();
  const skipped: SkippedRange[] = [];
  if (options.skipNumbers > 0) {
    const from = jakartaYear(new Date(options.backupCreatedAt));
    const to = Math.max(from, jakartaYear(options.now));
    for (let year = from; year <= to; year++) {
      const row = await trx.selectFrom('tracking_counters').select('last_value').where('year', '=', year).executeTakeFirst();
      const last = row?.last_value ?? 0;
      await trx
        .insertInto('tracking_counters')
        .values({ year, last_value: last + options.skipNumbers })
        .onConflict((oc) => oc.column('year').doUpdateSet({ last_value: last + options.skipNumbers }))
        .execute();
      skipped.push({ year, first: trackingNumber(year, last + 1), last: trackingNumber(year, last + options.skipNumbers) });
    }
  }
  const notice: RestoreNotice = { backupCreatedAt: options.backupCreatedAt, heldMessages: Number(held.numUpdatedRows), skipped };
  await recordAudit(trx, {
    action: 'backup.restored',
    actor: null,
    ip: 'cli',
    after: { backupCreatedAt: notice.backupCreatedAt, heldMessages: notice.heldMessages, trackingNumbersMayBeGiven: skipped.map((s) => `${s.first} … ${s.last}`) },
    at: options.now,
  });
  return notice;
}

export function describeNotice(notice: RestoreNotice): string {
  const lines = [`Restored the office as it was at ${notice.backupCreatedAt}.`];
  lines.push(
    notice.heldMessages
      ? `${notice.heldMessages} unsent mail message(s) are HELD: the lost office may have sent them already. Check, then run \`npm run cli -- release-outbox\` (send them) or \`npm run cli -- release-outbox --cancel\` (drop them).`
      : 'No unsent mail was waiting.',
  );
  for (const s of notice.skipped) lines.push(`Tracking numbers ${s.first} … ${s.last} may already have been given out after the backup; numbering continues after ${s.last}.`);
  lines.push('This notice is in the audit log (backup.restored).');
  return lines.join('\n');
}

/** Who releases held mail: the CLI (no actor) or an admin in the back office. */
export interface HeldMailRelease {
  cancel: boolean;
  now: Date;
  /** Only these held messages; all of them when absent. */
  ids?: readonly number[];
  actor?: AuditEntry['actor'];
  ip?: string;
}

/** Sends (or cancels) the mail a restore held, in one transaction with its audit entry; returns how many. */
export async function releaseHeldMail(db: Kysely<Database>, options: HeldMailRelease): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let update = trx
      .updateTable('outbox_messages')
      .set(options.cancel ? { status: 'cancelled', payload: null } : { status: 'pending', next_attempt_at: options.now.toISOString() })
      .where('status', '=', 'held');
    if (options.ids) update = update.where('id', 'in', options.ids.length ? [...options.ids] : [-1]);
    const n = Number((await update.executeTakeFirst()).numUpdatedRows);
    await recordAudit(trx, {
      action: options.cancel ? 'outbox.held_cancelled' : 'outbox.held_released',
      actor: options.actor ?? null,
      ip: options.ip ?? 'cli',
      after: { messages: n, ...(options.ids ? { chosen: options.ids.length } : {}) },
      at: options.now,
    });
    return n;
  });
}

/** Held mail, for `release-outbox` to show before it acts. */
export function heldMail(db: AnyTrx): Promise<{ id: number; kind: string; created_at: string; recipient_type: string }[]> {
  return db.selectFrom('outbox_messages').select(['id', 'kind', 'created_at', 'recipient_type']).where('status', '=', 'held').orderBy('id').execute();
}
