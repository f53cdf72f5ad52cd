/**
 * Merging a duplicate into its original (issue 16, decision 0030): the duplicate's reporter's
 * messages and files move to the original (staff-only there: another person's words), the reporter
 * is linked to it, both complaints keep an event, the reporter is told on their own channel; one
 * transaction, audited. The duplicate keeps its tracking number and access code, and its tracking
 * page shows the original's progress.
 */
import { z } from 'zod';
import type { Role } from '../accounts/roles.js';
import { TrackingNumberParam } from '../complaints/schema.js';
import { recordAudit } from '../audit/log.js';
import type { AppContext } from '../context.js';
import { liveTransaction } from '../live/bus.js';
import { announceComplaintChange } from '../live/complaint-events.js';
import { enqueueComplaintNotifications } from '../notifications/outbox.js';
import { AppError } from '../shared/errors.js';
import type { RouteRegistry, StaffPrincipal } from '../shared/http.js';
import { recordEvent, type EventActor } from './events.js';
import { loadComplaint } from './service.js';

/** Who may merge: the heads who may reject a complaint as a duplicate. */
export const MERGE_ROLES: readonly Role[] = ['section_head', 'division_head'];

export interface MergeResult {
  trackingNumber: string;
  mergedInto: string;
  messages: number;
  attachments: number;
}

const conflict = (id: string, en: string) => new AppError('conflict', [{ path: 'trackingNumber', message: { id, en } }]);

export async function mergeDuplicate(ctx: AppContext, principal: StaffPrincipal, trackingNumber: string, version: number, ip: string): Promise<MergeResult> {
  const now = ctx.now();
  const at = now.toISOString();
  const actor: EventActor = { type: 'staff', userId: principal.userId, role: principal.role };
  return liveTransaction(ctx, async (trx) => {
    const dup = await loadComplaint(trx, trackingNumber);
    if (dup.version !== version) throw new AppError('stale_version', undefined, { state: dup.state, version: dup.version });
    if (dup.state !== 'rejected' || dup.duplicate_of_id === null) throw new AppError('transition_not_allowed', undefined, { state: dup.state, allowedActions: [] });
    if (dup.merged_at !== null) throw conflict('Pengaduan ini sudah digabung.', 'This complaint was merged already.');
    const original = await trx.selectFrom('complaints').selectAll().where('id', '=', dup.duplicate_of_id).executeTakeFirstOrThrow();
    if (original.merged_at !== null) throw conflict('Pengaduan asal sendiri sudah digabung ke pengaduan lain.', 'The original was itself merged into another complaint.');
    // An anonymous reporter's words would reach the division unreleased under a named original.
    if (dup.is_anonymous === 1 && original.is_anonymous === 0) {
      throw conflict('Pelapor duplikat ini anonim dan pengaduan asal tidak: keduanya tetap terpisah.', 'This duplicate’s reporter is anonymous and the original’s is not: they stay apart.');
    }

    const messages = await trx
      .updateTable('complaint_messages')
      .set({ complaint_id: original.id, is_internal: 1, merged_from_id: dup.id })
      .where('complaint_id', '=', dup.id)
      .where('author_type', '=', 'reporter')
      .returning('id')
      .execute();
    const messageIds = messages.map((m) => m.id);
    const attachments = await trx
      .updateTable('attachments')
      .set({ complaint_id: original.id, merged_from_id: dup.id })
      .where('complaint_id', '=', dup.id)
      .where((eb) => (messageIds.length ? eb.or([eb('message_id', 'is', null), eb('message_id', 'in', messageIds)]) : eb('message_id', 'is', null)))
      .returning('id')
      .execute();
    const attachmentIds = attachments.map((a) => a.id);
    if (messageIds.length || attachmentIds.length) {
      await trx
        .updateTable('identity_releases')
        .set({ complaint_id: original.id })
        .where('complaint_id', '=', dup.id)
        .where((eb) => eb.or([...(messageIds.length ? [eb('message_id', 'in', messageIds)] : []), ...(attachmentIds.length ? [eb('attachment_id', 'in', attachmentIds)] : [])]))
        .execute();
    }
    // Reporters merged into the duplicate before follow it to the original.
    await trx.updateTable('complaint_reporters').set({ complaint_id: original.id }).where('complaint_id', '=', dup.id).execute();
    await trx.insertInto('complaint_reporters').values({ complaint_id: original.id, reporter_id: dup.reporter_id, merged_from_id: dup.id, linked_at: at }).execute();
    // The duplicate's own account, for the office only, beside the original's (erased with the duplicate's data).
    await trx
      .insertInto('complaint_messages')
      .values({ complaint_id: original.id, kind: 'note', author_type: 'staff', author_user_id: principal.userId, is_internal: 1, merged_from_id: dup.id, body: `Digabung dari ${dup.tracking_number}: ${dup.subject}\n\n${dup.description}`, created_at: at })
      .execute();

    const bump = async (id: number, from: number, extra: { merged_at?: string } = {}) => {
      const row = await trx.updateTable('complaints').set({ ...extra, version: from + 1, updated_at: at }).where('id', '=', id).where('version', '=', from).returning('version').executeTakeFirst();
      if (!row) throw new AppError('stale_version');
      return row.version;
    };
    const dupVersion = await bump(dup.id, dup.version, { merged_at: at });
    const originalVersion = await bump(original.id, original.version);
    const moved = { messages: messageIds.length, attachments: attachmentIds.length };
    await recordEvent(trx, { complaintId: dup.id, type: 'merged_into', fromState: dup.state, toState: dup.state, actor, at, data: { original: original.tracking_number, ...moved } });
    await recordEvent(trx, { complaintId: original.id, type: 'merged_from', fromState: original.state, toState: original.state, actor, at, data: { duplicate: dup.tracking_number, ...moved } });
    await announceComplaintChange(trx, { complaintId: dup.id, trackingNumber: dup.tracking_number, version: dupVersion, state: dup.state, action: 'merged_into', actor, at });
    await announceComplaintChange(trx, { complaintId: original.id, trackingNumber: original.tracking_number, version: originalVersion, state: original.state, action: 'merged_from', actor, at });
    // The duplicate's reporter hears of it on their own channel (the outbox routes it).
    await enqueueComplaintNotifications(trx, { complaintId: dup.id, event: 'merged', at, version: dupVersion, data: { original: original.tracking_number } });
    await recordAudit(trx, { action: 'complaint.merged', actor: principal, target: { type: 'complaint', id: dup.tracking_number }, ip, after: { into: original.tracking_number, ...moved }, at: now });
    return { trackingNumber: dup.tracking_number, mergedInto: original.tracking_number, ...moved };
  });
}

export function registerMergeRoute(routes: RouteRegistry, ctx: AppContext): void {
  routes.add({
    method: 'POST',
    url: '/api/staff/complaints/:trackingNumber/merge',
    tag: 'staff',
    summary: 'Merge a complaint rejected as a duplicate into its original: messages, files and reporter move to it; the reporter is told (decision 0030)',
    access: MERGE_ROLES,
    params: TrackingNumberParam,
    body: z.strictObject({ version: z.number().int() }),
    response: { status: 200, schema: z.object({ trackingNumber: z.string(), mergedInto: z.string(), messages: z.number().int(), attachments: z.number().int() }) },
    handler: async ({ principal, params, body, request }) => mergeDuplicate(ctx, principal, params.trackingNumber, body.version, request.ip),
  });
}
