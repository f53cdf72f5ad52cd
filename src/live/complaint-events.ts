import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { EventActor } from '../workflow/events.js';
import { publishInTransaction } from './bus.js';

type Trx = Transaction<Database>;

/** The divisions a complaint is disposed to: who besides the intake desk may hear about it. */
export async function divisionsOf(db: Trx | Db['kysely'], complaintId: number): Promise<number[]> {
  const rows = await db.selectFrom('dispositions').select('division_id').where('complaint_id', '=', complaintId).execute();
  return [...new Set(rows.map((r) => r.division_id))];
}

/** The name the office knows an actor by; the reporter and the system have none here (no personal data in events). */
export async function actorNameOf(db: Trx | Db['kysely'], actor: { type: string; userId?: number | null }): Promise<string | null> {
  if (actor.type !== 'staff' || actor.userId == null) return null;
  const user = await db.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirst();
  return user?.name ?? null;
}

/** Tell every open page that a complaint changed, once `trx` (from `liveTransaction`) commits. */
export async function announceComplaintChange(
  trx: Trx,
  change: { complaintId: number; trackingNumber: string; version: number; state: string; action: string; actor: EventActor; at: string; newComplaint?: boolean },
): Promise<void> {
  const actorName = await actorNameOf(trx, change.actor.type === 'staff' ? change.actor : { type: change.actor.type });
  // A complaint just registered is disposed to no division yet.
  const divisionIds = change.newComplaint ? [] : await divisionsOf(trx, change.complaintId);
  await publishInTransaction(trx, {
    type: 'complaint',
    trackingNumber: change.trackingNumber,
    version: change.version,
    state: change.state,
    action: change.action,
    actorName,
    actorType: change.actor.type,
    at: change.at,
    divisionIds,
  });
}
