/**
 * Metrics of this process rather than of one app instance: the Node runtime (memory, event-loop lag,
 * open handles) and the timed jobs this process ran. One registry per process, so tests that build
 * several apps in one process do not register the same names twice.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'aduan_' });

export const jobMetrics = {
  runs: new Counter({
    name: 'aduan_job_runs_total',
    help: 'Timed-job runs by this process, by job and outcome (ok, failed)',
    labelNames: ['job', 'outcome'] as const,
    registers: [processRegistry],
  }),
  duration: new Histogram({
    name: 'aduan_job_duration_seconds',
    help: 'How long each timed-job run by this process took',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [processRegistry],
  }),
};
