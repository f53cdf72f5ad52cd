/**
 * Who handles a complaint (the intake owner) and each of its dispositions (an officer of the
 * division). Assigning does not move the SOP state, so it is not a state-machine action: it is one
 * guarded write (the complaint's version), an `assign`/`take` event and a notification.
 */
import { liveTransaction } from '../live/bus.js';
import { announceComplaintChange } from '../live/complaint-events.js';
import { z } from 'zod';
import { INTAKE_ROLES } from '../accounts/roles.js';
import type { AppContext } from '../context.js';
import { AppError } from '../shared/errors.js';
import type { StaffPrincipal } from '../shared/http.js';
import { recordEvent, type EventActor } from '../workflow/events.js';
import { assertVisibleTo, loadComplaint } from '../workflow/service.js';
import { FINAL_STATES, type ComplaintState } from '../workflow/state-machine.js';
import { notify } from './notices.js';
import { RowIdSchema } from '../shared/ids.js';

export const AssignBodySchema = z.strictObject({
  version: z.number().int().describe('The complaint version you saw'),
  userId: RowIdSchema.nullable().describe('Who will handle it; null to leave it unassigned'),
  dispositionId: RowIdSchema.optional().describe('Assign this disposition (to an officer of its division) instead of the complaint'),
});
export type AssignBody = z.infer<typeof AssignBodySchema>;

export const AssignResultSchema = z.object({
  trackingNumber: z.string(),
  version: z.number().int(),
  owner: z.object({ id: z.number(), name: z.string() }).nullable(),
  dispositionId: z.number().nullable(),
});

const HEADS: readonly string[] = ['section_head', 'division_head'];

/** The role may assign in general, but not this: `role_not_allowed`, as `forbidden` means the route's access refused. */
function refused(en: string, id: string): AppError {
  return new AppError('role_not_allowed', [{ path: 'userId', message: { id, en } }]);
}

function invalidUser(id: string, en: string): AppError {
  return new AppError('validation_failed', [{ path: 'userId', message: { id, en } }]);
}

/** Assigns (or, to oneself, takes) a complaint or one of its dispositions; one transaction. */
export async function assign(ctx: AppContext, principal: StaffPrincipal, trackingNumber: string, body: AssignBody) {
  const at = ctx.now().toISOString();
  const actor: EventActor = { type: 'staff', userId: principal.userId, role: principal.role };
  const head = HEADS.includes(principal.role);
  return liveTransaction(ctx, async (trx) => {
    const row = await loadComplaint(trx, trackingNumber);
    await assertVisibleTo(trx, row.id, principal);
    if (FINAL_STATES.includes(row.state as ComplaintState)) throw new AppError('transition_not_allowed', undefined, { state: row.state, allowedActions: [] });
    const target = body.userId === null ? null : await trx.selectFrom('users').select(['id', 'name', 'role', 'division_id', 'active']).where('id', '=', body.userId).executeTakeFirst();
    if (body.userId !== null && (!target || target.active !== 1)) throw invalidUser('Petugas tidak dikenal atau tidak aktif.', 'Unknown or inactive staff member.');

    let from: number | null;
    let dispositionId: number | null = null;
    if (body.dispositionId === undefined) {
      // The intake owner: heads name anyone at the desk; staff take what nobody holds, or let go of their own.
      if (!head && principal.role !== 'staff') throw new AppError('role_not_allowed');
      if (target && !INTAKE_ROLES.includes(target.role as (typeof INTAKE_ROLES)[number])) {
        throw invalidUser('Pengaduan hanya dapat ditangani petugas loket (staf, Kasie, Kabid).', 'Only the intake desk (staff, heads) can handle a complaint.');
      }
      from = row.owner_user_id;
      if (!head) {
        const mine = body.userId === principal.userId && (from === null || from === principal.userId);
        const release = body.userId === null && from === principal.userId;
        if (!mine && !release) throw refused('Staff may take an unassigned complaint or release their own.', 'Staf hanya dapat mengambil pengaduan yang belum ditangani atau melepas miliknya sendiri.');
      }
    } else {
      const d = await trx.selectFrom('dispositions').select(['id', 'division_id', 'owner_user_id', 'followed_up_at']).where('id', '=', body.dispositionId).where('complaint_id', '=', row.id).executeTakeFirst();
      if (!d) throw new AppError('validation_failed', [{ path: 'dispositionId', message: { id: 'Disposisi tidak ditemukan pada pengaduan ini.', en: 'No such disposition on this complaint.' } }]);
      if (d.followed_up_at !== null) throw new AppError('conflict', [{ path: 'dispositionId', message: { id: 'Disposisi ini sudah ditindaklanjuti.', en: 'This disposition has been followed up already.' } }]);
      if (target && (target.role !== 'division_officer' || target.division_id !== d.division_id)) {
        throw invalidUser('Disposisi hanya dapat ditangani petugas bidang tersebut.', 'Only an officer of that division can handle the disposition.');
      }
      from = d.owner_user_id;
      if (!head) {
        if (principal.role !== 'division_officer' || principal.divisionId !== d.division_id) throw new AppError('role_not_allowed');
        const mine = body.userId === principal.userId && (from === null || from === principal.userId);
        const release = body.userId === null && from === principal.userId;
        if (!mine && !release) throw refused('An officer may take an unassigned disposition of their division or release their own.', 'Petugas bidang hanya dapat mengambil disposisi bidangnya yang belum ditangani atau melepas miliknya.');
      }
      dispositionId = d.id;
    }
    if (row.version !== body.version) throw new AppError('stale_version', undefined, { state: row.state, version: row.version });
    const updated = await trx
      .updateTable('complaints')
      .set({ version: row.version + 1, updated_at: at, ...(dispositionId === null ? { owner_user_id: body.userId } : {}) })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .returning('version')
      .executeTakeFirst();
    if (!updated) throw new AppError('stale_version', undefined, { state: row.state });
    if (dispositionId !== null) await trx.updateTable('dispositions').set({ owner_user_id: body.userId }).where('id', '=', dispositionId).execute();
    const type = body.userId === principal.userId ? 'take' : 'assign';
    await announceComplaintChange(trx, { complaintId: row.id, trackingNumber: row.tracking_number, version: updated.version, state: row.state, action: type, actor, at });
    await recordEvent(trx, {
      complaintId: row.id,
      type,
      fromState: null,
      toState: null,
      actor,
      at,
      data: { fromUserId: from, toUserId: body.userId, ...(dispositionId !== null ? { dispositionId } : {}) },
    });
    if (from !== body.userId) {
      const subject = { trackingNumber: row.tracking_number, subject: row.subject, actor: principal.name, note: null };
      const key = (kind: string) => `team_${kind}:${row.id}:v${updated.version}:${type}`;
      const data = dispositionId !== null ? { dispositionId } : undefined;
      if (body.userId !== null) {
        await notify(trx, { kind: 'assigned', complaintId: row.id, actorUserId: principal.userId, recipients: [body.userId], ...(data ? { data } : {}), mail: { key: key('assigned'), data: { kind: 'team_notice', notice: 'assigned', ...subject } } }, at);
      }
      if (from !== null) {
        await notify(trx, { kind: 'unassigned', complaintId: row.id, actorUserId: principal.userId, recipients: [from], ...(data ? { data } : {}), mail: { key: key('unassigned'), data: { kind: 'team_notice', notice: 'unassigned', ...subject } } }, at);
      }
    }
    return { trackingNumber: row.tracking_number, version: updated.version, owner: target ? { id: target.id, name: target.name } : null, dispositionId };
  });
}
