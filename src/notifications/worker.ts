/**
 * The outbox worker: claims due messages under a lease, renders and sends them, and records the
 * outcome. Before each hand-over to the mail server it writes an attempting mark (`attempted_at`,
 * the attempt counted, the lease renewed), cleared when the outcome is recorded. Delivery is at
 * least once: a worker that dies mid-send leaves the mark and its lease to expire, and another sends
 * the message again with the same Message-ID (the idempotency key), which the receiving side uses
 * to drop the repeat. Two workers never hold the same message at once: the claim is one UPDATE
 * (SKIP LOCKED on PostgreSQL; SQLite has one writer at a time), and the mark is written only while
 * the row is still this worker's.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Selectable } from 'kysely';
import type { AppContext } from '../context.js';
import type { OutboxMessageTable } from '../db/schema.js';
import { isPermanentFailure, type Mailer } from './mailer.js';
import { renderTemplate, type MailLanguage, type TemplateData } from './templates.js';
import { channelTransportsFor, PermanentDeliveryError, type ChannelTransports, type SentMessage } from './transports.js';

export type OutboxRow = Selectable<OutboxMessageTable>;

export interface WorkerOptions {
  workerId: string;
  batchSize: number;
  maxAttempts: number;
  backoffSeconds: number;
  /** How long a claim holds; longer than the SMTP timeouts, so a live sender keeps its message. */
  leaseMs: number;
}

export interface WorkerLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const MAX_BACKOFF_MS = 6 * 3600_000;

/** Delay before the next attempt after `attempt` failed ones: base, 2×base, 4×base … capped at 6 hours. */
export function backoffDelayMs(attempt: number, baseSeconds: number): number {
  return Math.min(MAX_BACKOFF_MS, baseSeconds * 1000 * 2 ** Math.max(0, attempt - 1));
}

export function workerOptionsFrom(ctx: AppContext, overrides: Partial<WorkerOptions> = {}): WorkerOptions {
  return {
    workerId: `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`,
    batchSize: ctx.config.outbox.batchSize,
    maxAttempts: ctx.config.outbox.maxAttempts,
    backoffSeconds: ctx.config.outbox.backoffSeconds,
    leaseMs: ctx.config.outbox.leaseSeconds * 1000,
    ...overrides,
  };
}

/** Error text without addresses: SMTP replies often quote the recipient. */
export function describeError(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown } | null;
  const parts = [e?.code, e?.responseCode, typeof e?.message === 'string' ? e.message : String(error)].filter((p) => p !== undefined && p !== null && p !== '');
  return parts
    .join(' ')
    .replace(/[^\s<>"'@]+@[^\s<>"']+/g, '<address>')
    .slice(0, 500);
}

/** Takes up to `batchSize` due messages for this worker. */
export async function claimBatch(ctx: AppContext, options: WorkerOptions): Promise<OutboxRow[]> {
  const now = ctx.now();
  const at = now.toISOString();
  const until = new Date(now.getTime() + options.leaseMs).toISOString();
  const db = ctx.db.kysely;
  let due = db
    .selectFrom('outbox_messages')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(options.batchSize);
  if (ctx.db.dialect === 'postgres') due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('outbox_messages')
    .set({ locked_by: options.workerId, locked_until: until })
    .where('id', 'in', due)
    // Re-checked on the row itself: on SQLite the subquery and update are one statement anyway.
    .where('status', '=', 'pending')
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

/** Where the row goes: its e-mail address, or for the other channels its phone number or URL. */
export function addressOf(row: Pick<OutboxRow, 'channel' | 'recipient_email' | 'recipient_address'>): string | null {
  return row.channel === 'email' ? row.recipient_email : row.recipient_address;
}

/** One set of transports per application context: built from its configuration on first use. */
const transportsByContext = new WeakMap<AppContext, ChannelTransports>();

function transportsOf(ctx: AppContext): ChannelTransports {
  let transports = transportsByContext.get(ctx);
  if (!transports) {
    transports = channelTransportsFor(ctx);
    transportsByContext.set(ctx, transports);
  }
  return transports;
}

/** Hands one claimed message to its channel; mail renders its template here, the others in their transport. */
async function sendByChannel(ctx: AppContext, mailer: Mailer, row: OutboxRow, to: string, payload: unknown): Promise<SentMessage> {
  const language: MailLanguage = row.language === 'en' ? 'en' : 'id';
  if (row.channel === 'email') {
    const data = payload as TemplateData;
    const rendered = renderTemplate(data, language, baseUrlOf(ctx), { repliesWelcome: ctx.config.mail.replyTo !== undefined });
    await mailer.send({
      outboxId: row.id,
      idempotencyKey: row.idempotency_key,
      kind: row.kind,
      to,
      language,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      createdAt: row.created_at,
      secrets: (data.kind === 'receipt' || data.kind === 'access_code') && data.accessCode ? [data.accessCode] : [],
    });
    return { summary: rendered.subject };
  }
  const transport = transportsOf(ctx)[row.channel];
  if (!transport) throw new PermanentDeliveryError(`no transport is configured for the ${row.channel} channel`);
  return transport.send({
    outboxId: row.id,
    idempotencyKey: row.idempotency_key,
    kind: row.kind,
    channel: row.channel,
    to,
    language,
    payload,
    complaintId: row.complaint_id,
    createdAt: row.created_at,
    baseUrl: baseUrlOf(ctx),
  });
}

export interface BatchResult {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
  cancelled: number;
}

function baseUrlOf(ctx: AppContext): string {
  return ctx.config.publicBaseUrl ?? `http://localhost:${ctx.config.port}`;
}

/**
 * Writes the attempting mark before a message goes to the mail server; undefined when the row is no
 * longer this worker's (its lease ran out and another took it), so it must not be sent from here.
 */
async function markAttempt(ctx: AppContext, row: OutboxRow, options: WorkerOptions): Promise<OutboxRow | undefined> {
  const now = ctx.now();
  return ctx.db.kysely
    .updateTable('outbox_messages')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), attempted_at: now.toISOString(), locked_until: new Date(now.getTime() + options.leaseMs).toISOString() }))
    .where('id', '=', row.id)
    .where('locked_by', '=', options.workerId)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Claims one batch and sends it; the caller loops. `stopping` is asked between messages: once it
 * says yes, the message being sent is finished and the rest of the batch is handed back.
 */
export async function processOutboxOnce(ctx: AppContext, mailer: Mailer, options: WorkerOptions, log?: WorkerLog, stopping: () => boolean = () => false): Promise<BatchResult> {
  const batch = await claimBatch(ctx, options);
  const result: BatchResult = { claimed: batch.length, sent: 0, retried: 0, dead: 0, cancelled: 0 };
  const db = ctx.db.kysely;
  const mine = (id: number) => db.updateTable('outbox_messages').where('id', '=', id).where('locked_by', '=', options.workerId);
  for (const [index, claimed] of batch.entries()) {
    if (stopping()) {
      const rest = batch.slice(index).map((r) => r.id);
      await db.updateTable('outbox_messages').set({ locked_by: null, locked_until: null }).where('id', 'in', rest).where('locked_by', '=', options.workerId).execute();
      break;
    }
    if (!addressOf(claimed) || !claimed.payload) {
      // Erased by retention after it was queued: there is no one left to write to.
      await mine(claimed.id).set({ status: 'cancelled', payload: null, locked_by: null, locked_until: null, attempted_at: null }).execute();
      result.cancelled++;
      continue;
    }
    if (claimed.attempted_at) {
      // The last attempt never recorded its outcome: its worker died, maybe after the server accepted it.
      if (claimed.attempts >= options.maxAttempts) {
        // Every attempt ended with its worker gone: this message may be what stops it; do not try again.
        await mine(claimed.id).set({ status: 'dead', last_error: 'every attempt was interrupted (the worker stopped while sending)', locked_by: null, locked_until: null, attempted_at: null }).execute();
        result.dead++;
        log?.error({ outboxId: claimed.id, kind: claimed.kind, attempt: claimed.attempts }, 'mail moved to the dead-letter list: every attempt was interrupted');
        continue;
      }
      log?.info({ outboxId: claimed.id, kind: claimed.kind, interruptedAttemptAt: claimed.attempted_at }, 'mail sent again after an interrupted attempt (same Message-ID)');
    }
    const row = await markAttempt(ctx, claimed, options);
    const to = row ? addressOf(row) : null;
    if (!row?.payload || !to) continue;
    try {
      const sent = await sendByChannel(ctx, mailer, row, to, JSON.parse(row.payload) as unknown);
      // The payload goes once sent: a receipt's access code must not stay in the database.
      await mine(row.id)
        .set({
          status: 'sent',
          sent_at: ctx.now().toISOString(),
          subject: sent.summary ?? null,
          provider_message_id: sent.providerMessageId ?? null,
          payload: null,
          last_error: null,
          locked_by: null,
          locked_until: null,
          attempted_at: null,
        })
        .execute();
      result.sent++;
      log?.debug({ outboxId: row.id, kind: row.kind, attempt: row.attempts }, 'mail sent'); // one line per mail would bury the start-up output (the admin login) under the demo's backlog
    } catch (error) {
      const lastError = describeError(error);
      if (row.attempts >= options.maxAttempts || isPermanentFailure(error) || error instanceof PermanentDeliveryError) {
        await mine(row.id).set({ status: 'dead', last_error: lastError, locked_by: null, locked_until: null, attempted_at: null }).execute();
        result.dead++;
        log?.error({ outboxId: row.id, kind: row.kind, attempt: row.attempts, error: lastError }, 'mail moved to the dead-letter list');
      } else {
        const next = new Date(ctx.now().getTime() + backoffDelayMs(row.attempts, options.backoffSeconds)).toISOString();
        await mine(row.id).set({ next_attempt_at: next, last_error: lastError, locked_by: null, locked_until: null, attempted_at: null }).execute();
        result.retried++;
        log?.info({ outboxId: row.id, kind: row.kind, attempt: row.attempts, nextAttemptAt: next, error: lastError }, 'mail failed; will retry');
      }
    }
  }
  return result;
}

/** Sends until nothing is due now; for tests and the CLI's one-shot use. */
export async function drainOutbox(ctx: AppContext, mailer: Mailer, options: WorkerOptions, log?: WorkerLog): Promise<BatchResult> {
  const total: BatchResult = { claimed: 0, sent: 0, retried: 0, dead: 0, cancelled: 0 };
  for (;;) {
    const r = await processOutboxOnce(ctx, mailer, options, log);
    for (const k of Object.keys(total) as (keyof BatchResult)[]) total[k] += r[k];
    if (r.claimed < options.batchSize) return total;
  }
}

export interface RunningWorker {
  /** Look at the outbox now rather than at the next poll. */
  wake(): void;
  stop(): Promise<void>;
}

/** Polls the outbox until stopped; a full batch is followed at once by the next. */
export function startOutboxWorker(ctx: AppContext, mailer: Mailer, options: WorkerOptions, log?: WorkerLog): RunningWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeUp: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      try {
        claimed = (await processOutboxOnce(ctx, mailer, options, log, () => stopped)).claimed;
      } catch (error) {
        log?.error({ error: describeError(error) }, 'outbox worker batch failed');
      }
      if (stopped) break;
      if (claimed === options.batchSize) continue;
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        timer = setTimeout(resolve, ctx.config.outbox.pollMs);
      });
    }
  })();
  return {
    wake: () => wakeUp?.(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wakeUp?.();
      await loop;
      mailer.close();
    },
  };
}

/** Puts a dead letter back in the queue (admin); false when it is not dead. */
export async function retryDeadLetter(ctx: AppContext, id: number): Promise<boolean> {
  const result = await ctx.db.kysely
    .updateTable('outbox_messages')
    .set({ status: 'pending', attempts: 0, next_attempt_at: ctx.now().toISOString(), last_error: null, locked_by: null, locked_until: null, attempted_at: null })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
