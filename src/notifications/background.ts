/**
 * The outbox worker and the scheduler together: started inside the server by default
 * (WORKER_IN_PROCESS=true) or on their own by `npm run worker`. Several may run at once.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { AppContext } from '../context.js';
import { startScheduler, type Job, type RunningScheduler } from '../scheduler/scheduler.js';
import { createMailer } from './mailer.js';
import { startOutboxWorker, workerOptionsFrom, type RunningWorker, type WorkerLog } from './worker.js';

export interface BackgroundWork {
  worker: RunningWorker;
  scheduler: RunningScheduler;
  stop(): Promise<void>;
}

/** Tests run the timed jobs often and watch them; the server takes the defaults. */
export interface BackgroundOptions {
  instanceId?: string;
  schedulerTickMs?: number;
  jobs?: readonly Job[];
}

export function startBackgroundWork(ctx: AppContext, log?: WorkerLog, options: BackgroundOptions = {}): BackgroundWork {
  const instanceId = options.instanceId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const worker = startOutboxWorker(ctx, createMailer(ctx.config.mail, ctx.now), workerOptionsFrom(ctx, { workerId: instanceId }), log);
  const scheduler = startScheduler(ctx, instanceId, log, options.schedulerTickMs, options.jobs);
  return {
    worker,
    scheduler,
    async stop() {
      await scheduler.stop();
      await worker.stop();
    },
  };
}
