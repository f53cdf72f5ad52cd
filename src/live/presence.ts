import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';
import type { StaffPrincipal } from '../shared/http.js';
import { assertVisibleTo } from '../workflow/service.js';
import { publish } from './bus.js';
import { divisionsOf } from './complaint-events.js';

/** A page that has not said it is still open for this long is gone (it says so every 20 s). */
export const PRESENCE_EXPIRY_MS = 45_000;

/** Rows older than this are deleted whatever complaint they are on. */
const SWEEP_AFTER_MS = 60 * 60_000;

export interface Viewer {
  userId: number;
  name: string;
}

/**
 * Records that `principal` has the complaint open (`here`) or left it, sweeps viewers whose
 * heartbeat stopped, and tells every page when the set of viewers changed. Returns who is there.
 */
export async function markPresence(ctx: AppContext, principal: StaffPrincipal, trackingNumber: string, here: boolean): Promise<Viewer[]> {
  const db = ctx.db.kysely;
  const complaint = await db.selectFrom('complaints').select('id').where('tracking_number', '=', trackingNumber).executeTakeFirst();
  if (!complaint) throw new AppError('not_found');
  await assertVisibleTo(db, complaint.id, principal);
  const now = ctx.now();
  const expired = new Date(now.getTime() - PRESENCE_EXPIRY_MS).toISOString();
  const before = await db.selectFrom('complaint_presence').select(['user_id', 'seen_at']).where('complaint_id', '=', complaint.id).execute();
  const gone = before.filter((v) => v.seen_at < expired).length;
  const wasHere = before.some((v) => v.user_id === principal.userId && v.seen_at >= expired);
  if (gone) await db.deleteFrom('complaint_presence').where('complaint_id', '=', complaint.id).where('seen_at', '<', expired).execute();
  // Pages closed without saying so on complaints nobody opens again: swept here too, by the seen_at index.
  await db.deleteFrom('complaint_presence').where('seen_at', '<', new Date(now.getTime() - SWEEP_AFTER_MS).toISOString()).execute();
  if (here) {
    await db
      .insertInto('complaint_presence')
      .values({ complaint_id: complaint.id, user_id: principal.userId, seen_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['complaint_id', 'user_id']).doUpdateSet({ seen_at: now.toISOString() }))
      .execute();
  } else if (wasHere) {
    await db.deleteFrom('complaint_presence').where('complaint_id', '=', complaint.id).where('user_id', '=', principal.userId).execute();
  }
  const viewers = await db
    .selectFrom('complaint_presence')
    .innerJoin('users', 'users.id', 'complaint_presence.user_id')
    .select(['users.id as userId', 'users.name'])
    .where('complaint_presence.complaint_id', '=', complaint.id)
    .orderBy('users.name')
    .execute();
  if (gone > 0 || here !== wasHere) {
    await publish(ctx, { type: 'presence', trackingNumber, divisionIds: await divisionsOf(db, complaint.id), viewers });
  }
  return viewers;
}
