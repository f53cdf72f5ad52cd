/**
 * The scheduler's `inbound_mail` job. The IMAP client and the mail parser are loaded on first use, so
 * an office that reads no mailbox (and every process that only imports the scheduler) never loads them.
 */
import type { AppContext } from '../context.js';
import type { InboundMailLog } from './mailbox.js';

/** Nothing when no mailbox is configured; else how many mails were filed or recorded. */
export async function pollInboundMail(ctx: AppContext, log?: InboundMailLog): Promise<number> {
  const config = ctx.config.inboundMail;
  if (!config) return 0;
  const { pollMailbox } = await import('./mailbox.js');
  const counts = await pollMailbox(ctx, config, log);
  return counts.complaint + counts.reply + counts.skipped + counts.refused;
}
