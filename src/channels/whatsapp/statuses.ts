/**
 * Meta reports what became of each message we sent (sent → delivered → read, or failed) against
 * the `wamid` it gave when it accepted the message: the outbox row's provider_message_id. Reports
 * may arrive out of order or twice; a later step is never overwritten by an earlier one.
 */
import type { AppContext } from '../../context.js';
import type { InboundStatus } from './payload.js';

const RANK: Record<string, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

/** What last_error says of a failed delivery: Meta's code and title, any long digit run (a number) cut out. */
export function failureText(error: InboundStatus['error']): string {
  const title = (error?.title ?? '').replace(/\+?\d[\d\s-]{5,}\d/g, '…').slice(0, 200);
  return `WhatsApp ${error?.code ?? 'error'}${title ? `: ${title}` : ''}`;
}

/** Applies one status report; true when it changed an outbox row. */
export async function applyDeliveryStatus(ctx: AppContext, report: InboundStatus): Promise<boolean> {
  const db = ctx.db.kysely;
  const row = await db
    .selectFrom('outbox_messages')
    .select(['id', 'delivery_status'])
    .where('channel', '=', 'whatsapp')
    .where('provider_message_id', '=', report.providerMessageId)
    .executeTakeFirst();
  if (!row) return false;
  if ((RANK[row.delivery_status ?? ''] ?? 0) > RANK[report.status]!) return false;
  const year = report.at?.getUTCFullYear() ?? NaN;
  const at = (report.at && year >= 2000 && year <= 2200 ? report.at : ctx.now()).toISOString();
  await db
    .updateTable('outbox_messages')
    .set({ delivery_status: report.status, delivery_status_at: at, ...(report.status === 'failed' ? { last_error: failureText(report.error) } : {}) })
    .where('id', '=', row.id)
    .execute();
  return true;
}
