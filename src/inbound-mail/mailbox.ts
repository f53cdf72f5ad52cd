/**
 * Reads the office's inbound mailbox over IMAP: each unseen mail is filed (receive.ts) and then
 * flagged \Seen. Runs as the scheduler's `inbound_mail` job, so one instance reads at a time; should
 * two ever read at once, or an instance die between filing a mail and flagging it, the mail's claim
 * in `inbound_mails` makes the second reading a no-op (decision 0023).
 */
import { ImapFlow } from 'imapflow';
import type { AppContext } from '../context.js';
import type { InboundMailConfig } from '../config.js';
import { describeError } from '../notifications/worker.js';
import { messageKeyOf, receiveMail, refuseTooLarge, type ReceivedOutcome } from './receive.js';

/** Mails read per poll; the rest wait for the next one, so a flood cannot hold the job's lease for long. */
const BATCH = 50;

export interface InboundMailLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type PollCounts = Record<ReceivedOutcome['outcome'], number>;

function clientFor(config: InboundMailConfig): ImapFlow {
  const client = new ImapFlow({
    host: config.imap.host,
    port: config.imap.port,
    secure: config.imap.secure,
    auth: { user: config.imap.user, pass: config.imap.pass },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
  });
  // A dropped connection is reported as an event too; the awaited command fails with it as well.
  client.on('error', () => undefined);
  return client;
}

/** Reads and files the unseen mail once; how many mails of each outcome (no addresses are logged). */
export async function pollMailbox(ctx: AppContext, config: InboundMailConfig, log?: InboundMailLog): Promise<PollCounts> {
  const counts: PollCounts = { complaint: 0, reply: 0, skipped: 0, refused: 0, taken: 0 };
  const client = clientFor(config);
  await client.connect();
  try {
    const lock = await client.getMailboxLock(config.mailbox);
    try {
      const mailbox = client.mailbox;
      const uidValidity = mailbox ? String(mailbox.uidValidity) : '';
      const unseen = (await client.search({ seen: false }, { uid: true })) || [];
      for (const uid of unseen.slice(0, BATCH)) {
        const range = String(uid);
        try {
          const head = await client.fetchOne(range, { size: true, envelope: true }, { uid: true });
          if (!head) continue;
          let result: ReceivedOutcome;
          if ((head.size ?? 0) > config.maxBytes) {
            result = await refuseTooLarge(ctx, messageKeyOf(head.envelope?.messageId, Buffer.from(`imap:${config.mailbox}:${uidValidity}:${uid}`)));
          } else {
            const full = await client.fetchOne(range, { source: true }, { uid: true });
            if (!full || !full.source) continue;
            result = await receiveMail(ctx, full.source);
          }
          // Only once filed (or found filed): a crash before this line leaves it unseen, and the next poll finds its claim.
          await client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
          counts[result.outcome]++;
          if (result.outcome === 'skipped' || result.outcome === 'refused') log?.info({ job: 'inbound_mail', outcome: result.outcome, reason: result.reason }, 'inbound mail recorded, not filed');
        } catch (error) {
          // Left unseen for the next poll; the others go on.
          log?.error({ job: 'inbound_mail', error: describeError(error) }, 'inbound mail could not be read');
        }
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return counts;
}
