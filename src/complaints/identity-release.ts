/**
 * An anonymous reporter's own messages and files go to the related division only when the intake
 * desk releases them (decision 0009): the reporter's words often carry what the anonymity hides — a
 * NIK, a name, a scanned ID card. The desk releases a message as written or as a redacted copy, or
 * a file; each release is written to the complaint's event log and the audit log.
 */
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { INTAKE_ROLES } from '../accounts/roles.js';
import { recordAudit } from '../audit/log.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import type { RouteRegistry, StaffPrincipal } from '../shared/http.js';
import { assertVisibleTo } from '../workflow/service.js';
import { ATTACHMENT_RELEASED, MESSAGE_RELEASED, recordEvent } from '../workflow/events.js';
import { TrackingNumberParam } from './schema.js';
import { RowIdParamSchema } from '../shared/ids.js';

/** What a division officer reads in place of a withheld message. */
export const WITHHELD_MESSAGE = 'Pesan pelapor disembunyikan (anonim) / Reporter’s message withheld (anonymous)';

export const ReleaseSchema = z
  .object({ at: z.string(), by: z.string(), redactedBody: z.string().nullable() })
  .nullable()
  .describe('When the intake desk released this to the related division; null: withheld from it (anonymous complaints only)');

interface ReleaseRow {
  message_id: number | null;
  attachment_id: number | null;
  redacted_body: string | null;
  released_at: string;
  released_by: number;
}

type Db = Kysely<Database> | Transaction<Database>;

/** True when this viewer gets an anonymous reporter's own material only as the intake desk released it. */
export function readsReleasedOnly(principal: Pick<StaffPrincipal, 'role' | 'apiKeyId'>, anonymous: boolean): boolean {
  return anonymous && (!INTAKE_ROLES.includes(principal.role) || principal.apiKeyId !== undefined);
}

/** The reporter's own files: what they uploaded, and what came in with the complaint (a scanned letter). */
export function isReportersFile(a: { uploaded_by: string; message_id: number | null }): boolean {
  return a.uploaded_by === 'reporter' || a.message_id === null;
}

export interface Releases {
  message(id: number): ReleaseRow | undefined;
  attachment(id: number): ReleaseRow | undefined;
}

export async function loadReleases(db: Db, complaintId: number): Promise<Releases> {
  const rows = await db
    .selectFrom('identity_releases')
    .select(['message_id', 'attachment_id', 'redacted_body', 'released_at', 'released_by'])
    .where('complaint_id', '=', complaintId)
    .execute();
  const messages = new Map(rows.filter((r) => r.message_id !== null).map((r) => [r.message_id as number, r]));
  const attachments = new Map(rows.filter((r) => r.attachment_id !== null).map((r) => [r.attachment_id as number, r]));
  return { message: (id) => messages.get(id), attachment: (id) => attachments.get(id) };
}

export function presentRelease(row: ReleaseRow | undefined, nameOf: (id: number) => string): z.infer<typeof ReleaseSchema> {
  return row ? { at: row.released_at, by: nameOf(row.released_by), redactedBody: row.redacted_body } : null;
}

/** What one reporter message shows this viewer: the original, the released (redacted) copy, or the placeholder. */
export function messageBodyFor(releasedOnly: boolean, m: { id: number; author_type: string; body: string }, releases: Releases): { body: string; withheld: boolean } {
  if (!releasedOnly || m.author_type !== 'reporter') return { body: m.body, withheld: false };
  const release = releases.message(m.id);
  if (!release) return { body: WITHHELD_MESSAGE, withheld: true };
  return { body: release.redacted_body ?? m.body, withheld: false };
}

/** Whether this viewer may see (list, download) a file of the complaint. */
export function fileVisibleTo(releasedOnly: boolean, a: { id: number; uploaded_by: string; message_id: number | null }, releases: Releases): boolean {
  return !releasedOnly || !isReportersFile(a) || releases.attachment(a.id) !== undefined;
}

const notReleasable = (why: { id: string; en: string }) => new AppError('conflict', [{ path: 'id', message: why }]);

async function complaintFor(trx: Db, trackingNumber: string, principal: StaffPrincipal) {
  const complaint = await trx.selectFrom('complaints').select(['id', 'is_anonymous', 'state']).where('tracking_number', '=', trackingNumber).executeTakeFirst();
  if (!complaint) throw new AppError('not_found');
  await assertVisibleTo(trx, complaint.id, principal);
  if (complaint.is_anonymous !== 1) {
    throw notReleasable({ id: 'Pelapor tidak anonim: bidang terkait sudah melihat semuanya.', en: 'The reporter is not anonymous: the related division already sees everything.' });
  }
  return complaint;
}

async function assertNotReleased(trx: Db, column: 'message_id' | 'attachment_id', id: number): Promise<void> {
  const existing = await trx.selectFrom('identity_releases').select('id').where(column, '=', id).executeTakeFirst();
  if (existing) throw notReleasable({ id: 'Sudah dirilis ke bidang terkait.', en: 'Already released to the related division.' });
}

export const ReleaseMessageSchema = z.strictObject({
  redactedBody: z.string().trim().min(1).max(5000).optional().describe('The copy the division reads instead of the message, e.g. without the NIK; omit to release the message as written'),
});

const ReleasedSchema = z.object({ released: z.literal(true), at: z.string() });

export async function releaseMessage(ctx: AppContext, principal: StaffPrincipal, trackingNumber: string, messageId: number, redactedBody: string | null, ip: string): Promise<z.infer<typeof ReleasedSchema>> {
  const now = ctx.now();
  const at = now.toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const complaint = await complaintFor(trx, trackingNumber, principal);
    const message = await trx.selectFrom('complaint_messages').select(['id', 'author_type']).where('id', '=', messageId).where('complaint_id', '=', complaint.id).executeTakeFirst();
    if (!message) throw new AppError('not_found');
    if (message.author_type !== 'reporter') {
      throw notReleasable({ id: 'Hanya pesan pelapor yang ditahan dari bidang terkait.', en: 'Only the reporter’s messages are withheld from the related division.' });
    }
    await assertNotReleased(trx, 'message_id', messageId);
    await trx.insertInto('identity_releases').values({ complaint_id: complaint.id, message_id: messageId, attachment_id: null, redacted_body: redactedBody, released_by: principal.userId, released_at: at }).execute();
    // Neither log holds the text: the event log is read by the division, the audit log by admins.
    const data = { messageId, redacted: redactedBody !== null };
    await recordEvent(trx, { complaintId: complaint.id, type: MESSAGE_RELEASED, fromState: complaint.state, toState: complaint.state, actor: { type: 'staff', userId: principal.userId, role: principal.role }, at, data });
    await recordAudit(trx, { action: 'identity.message_released', actor: principal, target: { type: 'complaint', id: trackingNumber }, ip, after: data, at: now });
  });
  return { released: true, at };
}

export async function releaseAttachment(ctx: AppContext, principal: StaffPrincipal, trackingNumber: string, attachmentId: number, ip: string): Promise<z.infer<typeof ReleasedSchema>> {
  const now = ctx.now();
  const at = now.toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const complaint = await complaintFor(trx, trackingNumber, principal);
    const file = await trx.selectFrom('attachments').select(['id', 'uploaded_by', 'message_id']).where('id', '=', attachmentId).where('complaint_id', '=', complaint.id).executeTakeFirst();
    if (!file) throw new AppError('not_found');
    if (!isReportersFile(file)) {
      throw notReleasable({ id: 'Berkas ini bukan dari pelapor dan tidak ditahan.', en: 'This file is not the reporter’s and is not withheld.' });
    }
    await assertNotReleased(trx, 'attachment_id', attachmentId);
    await trx.insertInto('identity_releases').values({ complaint_id: complaint.id, message_id: null, attachment_id: attachmentId, redacted_body: null, released_by: principal.userId, released_at: at }).execute();
    const data = { attachmentId };
    await recordEvent(trx, { complaintId: complaint.id, type: ATTACHMENT_RELEASED, fromState: complaint.state, toState: complaint.state, actor: { type: 'staff', userId: principal.userId, role: principal.role }, at, data });
    await recordAudit(trx, { action: 'identity.attachment_released', actor: principal, target: { type: 'complaint', id: trackingNumber }, ip, after: data, at: now });
  });
  return { released: true, at };
}

export function registerReleaseRoutes(routes: RouteRegistry, ctx: AppContext): void {
  const params = TrackingNumberParam.extend({ id: RowIdParamSchema });
  routes.add({
    method: 'POST',
    url: '/api/staff/complaints/:trackingNumber/messages/:id/release',
    tag: 'staff',
    summary: 'Release an anonymous reporter’s message to the related division, as written or as a redacted copy (logged)',
    access: INTAKE_ROLES,
    params,
    body: ReleaseMessageSchema,
    response: { status: 200, schema: ReleasedSchema },
    handler: async ({ principal, params, body, request }) => releaseMessage(ctx, principal, params.trackingNumber, params.id, body.redactedBody ?? null, request.ip),
  });
  routes.add({
    method: 'POST',
    url: '/api/staff/complaints/:trackingNumber/attachments/:id/release',
    tag: 'staff',
    summary: 'Release an anonymous reporter’s file to the related division (logged)',
    access: INTAKE_ROLES,
    params,
    response: { status: 200, schema: ReleasedSchema },
    handler: async ({ principal, params, request }) => releaseAttachment(ctx, principal, params.trackingNumber, params.id, request.ip),
  });
}
