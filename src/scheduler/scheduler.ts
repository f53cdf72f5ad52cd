/**
 * Timed work: auto-close, deadline alerts, the staff digest, retention, the sweep of leftover files and of expired submission keys, the inbound mailbox. Safe on several
 * instances: a job runs only after winning its row in `scheduler_jobs` (one UPDATE that checks
 * both that no one holds it and that its interval has passed since it last started), so each
 * interval runs a job once. The holder renews its lease while the job runs; a holder that died
 * stops renewing and the job is free again after LEASE_MS. Time comes from ctx.now(), so tests
 * drive it with their clock.
 */
import type { AppContext } from '../context.js';
import { autoCloseDue } from '../workflow/service.js';
import { runDeadlineAlerts, runStaffDigest } from './reminders.js';
import { runRetention } from './retention.js';
import { dropIdleConversations } from '../channels/whatsapp/erasure.js';
import { sweepOrphanFiles } from '../storage/sweep.js';
import { dropExpiredSubmissionKeys } from '../complaints/submission-keys.js';
import { dropDeadResetLinks } from '../accounts/password-service.js';
import { pollInboundMail } from '../inbound-mail/job.js';
import { jobMetrics } from '../operations/process-metrics.js';

export interface Job {
  name: string;
  intervalMs: number;
  /** The interval the configuration sets, when it sets one (the inbound mailbox's poll). */
  intervalFrom?: (ctx: AppContext) => number;
  run(ctx: AppContext, log?: SchedulerLog): Promise<number>;
}

export const JOBS: readonly Job[] = [
  { name: 'auto_close', intervalMs: 60_000, run: (ctx) => autoCloseDue(ctx) },
  { name: 'deadline_alerts', intervalMs: 5 * 60_000, run: runDeadlineAlerts },
  { name: 'staff_digest', intervalMs: 15 * 60_000, run: runStaffDigest },
  { name: 'retention', intervalMs: 6 * 3600_000, run: (ctx) => runRetention(ctx) },
  { name: 'orphan_files', intervalMs: 3600_000, run: (ctx) => sweepOrphanFiles(ctx) },
  { name: 'submission_keys', intervalMs: 3600_000, run: dropExpiredSubmissionKeys },
  { name: 'password_resets', intervalMs: 6 * 3600_000, run: dropDeadResetLinks },
  { name: 'inbound_mail', intervalMs: 60_000, intervalFrom: (ctx) => ctx.config.inboundMail?.pollMs ?? 60_000, run: pollInboundMail },
  { name: 'whatsapp_conversations', intervalMs: 3600_000, run: dropIdleConversations },
];

/** A job whose holder died (crash, kill -9, lost machine) is free again after this long. */
export const LEASE_MS = 2 * 60_000;
/** How often a running job renews its lease: several renewals fit in one lease, so a slow database does not lose it. */
export const HEARTBEAT_MS = 30_000;

/** Takes the job for this instance if it is due and free; true when this instance should run it. */
export async function acquireJob(ctx: AppContext, job: Pick<Job, 'name' | 'intervalMs' | 'intervalFrom'>, instanceId: string): Promise<boolean> {
  const now = ctx.now();
  const at = now.toISOString();
  const db = ctx.db.kysely;
  await db
    .insertInto('scheduler_jobs')
    .values({ name: job.name, locked_by: null, locked_until: null, last_started_at: null, last_finished_at: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const notSince = new Date(now.getTime() - (job.intervalFrom?.(ctx) ?? job.intervalMs)).toISOString();
  const taken = await db
    .updateTable('scheduler_jobs')
    .set({ locked_by: instanceId, locked_until: new Date(now.getTime() + LEASE_MS).toISOString(), last_started_at: at })
    .where('name', '=', job.name)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', at)]))
    .where((eb) => eb.or([eb('last_started_at', 'is', null), eb('last_started_at', '<=', notSince)]))
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/** Extends the lease of a job this instance holds; false when it is no longer this instance's. */
export async function renewJob(ctx: AppContext, name: string, instanceId: string): Promise<boolean> {
  const renewed = await ctx.db.kysely
    .updateTable('scheduler_jobs')
    .set({ locked_until: new Date(ctx.now().getTime() + LEASE_MS).toISOString() })
    .where('name', '=', name)
    .where('locked_by', '=', instanceId)
    .executeTakeFirst();
  return Number(renewed.numUpdatedRows) === 1;
}

/** Renews the lease every `everyMs` until stopped; a failed renewal is logged and tried again at the next beat. */
function heartbeat(ctx: AppContext, name: string, instanceId: string, everyMs: number, log?: SchedulerLog): () => void {
  const timer = setInterval(() => {
    renewJob(ctx, name, instanceId).catch((error: unknown) => log?.error({ job: name, error: error instanceof Error ? error.message : String(error) }, 'scheduled job lease renewal failed'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function releaseJob(ctx: AppContext, name: string, instanceId: string): Promise<void> {
  await ctx.db.kysely
    .updateTable('scheduler_jobs')
    .set({ locked_by: null, locked_until: null, last_finished_at: ctx.now().toISOString() })
    .where('name', '=', name)
    .where('locked_by', '=', instanceId)
    .execute();
}

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Runs every job that is due and that this instance wins; returns what ran and how much each did. */
export async function runDueJobs(ctx: AppContext, instanceId: string, log?: SchedulerLog, jobs: readonly Job[] = JOBS, heartbeatMs = HEARTBEAT_MS): Promise<Record<string, number>> {
  const ran: Record<string, number> = {};
  for (const job of jobs) {
    if (!(await acquireJob(ctx, job, instanceId))) continue;
    const stopBeating = heartbeat(ctx, job.name, instanceId, heartbeatMs, log);
    const timer = jobMetrics.duration.startTimer({ job: job.name });
    try {
      ran[job.name] = await job.run(ctx, log);
      jobMetrics.runs.inc({ job: job.name, outcome: 'ok' });
      if (ran[job.name]) log?.info({ job: job.name, count: ran[job.name] }, 'scheduled job done');
    } catch (error) {
      jobMetrics.runs.inc({ job: job.name, outcome: 'failed' });
      log?.error({ job: job.name, error: error instanceof Error ? error.message : String(error) }, 'scheduled job failed');
    } finally {
      timer();
      stopBeating();
      await releaseJob(ctx, job.name, instanceId);
    }
  }
  return ran;
}

export interface RunningScheduler {
  stop(): Promise<void>;
}

/** Looks for due jobs every `tickMs`; a tick never overlaps the previous one. */
export function startScheduler(ctx: AppContext, instanceId: string, log?: SchedulerLog, tickMs = 30_000, jobs: readonly Job[] = JOBS): RunningScheduler {
  let stopped = false;
  let busy = false;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped || busy) return;
    busy = true;
    current = runDueJobs(ctx, instanceId, log, jobs)
      .catch((error: unknown) => log?.error({ error: error instanceof Error ? error.message : String(error) }, 'scheduler tick failed'))
      .finally(() => {
        busy = false;
      });
  };
  const first = setTimeout(tick, 1000);
  const timer = setInterval(tick, tickMs);
  timer.unref();
  first.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await current;
    },
  };
}
