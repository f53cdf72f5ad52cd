/**
 * What the WhatsApp channel keeps about a number, forgotten when its reporter's personal data is
 * erased (retention or the reporter's request, src/scheduler/retention.ts): a conversation in
 * progress and its held files, the service-window note, and the addresses and texts of the chat
 * lines not tied to a complaint (those tied to it are blanked with the complaint's own messages).
 */
import type { Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { toInternationalDigits } from '../../notifications/phone-numbers.js';
import { IDLE_LIMIT_MS } from './conversation.js';

/** Forgets the number inside the erasure's transaction; returns the held files to delete after the commit. */
export async function forgetWhatsAppNumber(trx: Transaction<Database>, phone: string | null): Promise<string[]> {
  const digits = phone ? toInternationalDigits(phone) : null;
  if (!digits) return [];
  const held = await trx.selectFrom('whatsapp_held_files').select('stored_name').where('phone', '=', digits).execute();
  await trx.deleteFrom('whatsapp_held_files').where('phone', '=', digits).execute();
  await trx.deleteFrom('whatsapp_conversations').where('phone', '=', digits).execute();
  await trx.deleteFrom('channel_contacts').where('channel', '=', 'whatsapp').where('address', '=', digits).execute();
  await trx
    .updateTable('outbox_messages')
    .set({ recipient_address: null, payload: null })
    .where('channel', '=', 'whatsapp')
    .where('recipient_address', '=', digits)
    .where('complaint_id', 'is', null)
    .execute();
  return held.map((h) => h.stored_name);
}

/** Meta retries a delivery for days, not weeks: a handled id older than this will not come back. */
const HANDLED_IDS_KEPT_MS = 14 * 86_400_000;

/**
 * The timed job: conversations nobody continued within the idle limit are forgotten with their held
 * files' rows (the files then go with the sweep of leftovers), and old handled ids are dropped.
 * Returns how many conversations went.
 */
export async function dropIdleConversations(ctx: AppContext): Promise<number> {
  const now = ctx.now().getTime();
  const idleSince = new Date(now - IDLE_LIMIT_MS).toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const idle = await trx.selectFrom('whatsapp_conversations').select('phone').where('updated_at', '<', idleSince).limit(1000).execute();
    const phones = idle.map((r) => r.phone);
    if (phones.length > 0) {
      await trx.deleteFrom('whatsapp_held_files').where('phone', 'in', phones).execute();
      await trx.deleteFrom('whatsapp_conversations').where('phone', 'in', phones).execute();
    }
    await trx.deleteFrom('whatsapp_inbound').where('received_at', '<', new Date(now - HANDLED_IDS_KEPT_MS).toISOString()).execute();
    return phones.length;
  });
}
