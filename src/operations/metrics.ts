/**
 * What /metrics tells a monitoring system: HTTP traffic by route pattern (never the raw URL, which can
 * hold a tracking number), the mail outbox, the timed jobs, open and overdue complaints and the
 * database connection. Counts only: no names, addresses or tracking numbers ever become a label.
 * The database figures are read at most every SNAPSHOT_TTL_MS, so a scrape costs a few indexed counts.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Gauge, Histogram, Registry } from 'prom-client';
import type { AppContext } from '../context.js';
import { schemaStatus } from '../db/migrate.js';
import { FINAL_STATES, STATES } from '../workflow/state-machine.js';
import { processRegistry } from './process-metrics.js';
import { appVersion } from './version.js';

const SNAPSHOT_TTL_MS = 30_000;
const OPEN_STATES = STATES.filter((s) => !FINAL_STATES.includes(s));

interface Snapshot {
  databaseUp: boolean;
  outboxPending: number;
  /** created_at of the oldest unsent message, ms; null when none waits. */
  outboxOldestPendingAt: number | null;
  outboxDead: number;
  outboxInterrupted: number;
  openByState: Map<string, number>;
  overdue: number;
  jobs: { name: string; locked: boolean; lastStartedAt: number | null; lastFinishedAt: number | null }[];
  migrationsPending: number;
}

const ms = (iso: string | null | undefined): number | null => (iso ? new Date(iso).getTime() : null);

async function readSnapshot(ctx: AppContext): Promise<Omit<Snapshot, 'databaseUp'>> {
  const db = ctx.db.kysely;
  const now = ctx.now().toISOString();
  const count = (n: { n: number | string } | undefined) => Number(n?.n ?? 0);
  // One after another: a scrape holds one connection, never the pool the requests need.
  const pending = await db
    .selectFrom('outbox_messages')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('status', '=', 'pending')
    .executeTakeFirst();
  const dead = await db.selectFrom('outbox_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'dead').executeTakeFirst();
  const interrupted = await db
    .selectFrom('outbox_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .where('attempted_at', 'is not', null)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .executeTakeFirst();
  const byState = await db
    .selectFrom('complaints')
    .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
    .where('state', 'not in', FINAL_STATES)
    .groupBy('state')
    .execute();
  const overdue = await db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).where('due_at', '<', now).where('state', 'not in', FINAL_STATES).executeTakeFirst();
  const jobs = await db.selectFrom('scheduler_jobs').select(['name', 'locked_by', 'locked_until', 'last_started_at', 'last_finished_at']).orderBy('name').execute();
  const schema = await schemaStatus(ctx.db);
  return {
    outboxPending: count(pending),
    outboxOldestPendingAt: ms(pending?.oldest as string | null | undefined),
    outboxDead: count(dead),
    outboxInterrupted: count(interrupted),
    openByState: new Map(byState.map((r) => [r.state, Number(r.n)])),
    overdue: count(overdue),
    jobs: jobs.map((j) => ({ name: j.name, locked: j.locked_by !== null && j.locked_until !== null && j.locked_until >= now, lastStartedAt: ms(j.last_started_at), lastFinishedAt: ms(j.last_finished_at) })),
    migrationsPending: schema.pending.length,
  };
}

/** The database figures, read again once they are older than the TTL; the last good ones stay when the database is down. */
function snapshotSource(ctx: AppContext): () => Promise<Snapshot> {
  let last: Snapshot = { databaseUp: false, outboxPending: 0, outboxOldestPendingAt: null, outboxDead: 0, outboxInterrupted: 0, openByState: new Map(), overdue: 0, jobs: [], migrationsPending: 0 };
  let readAt = -Infinity;
  let reading: Promise<Snapshot> | undefined;
  return () => {
    if (performance.now() - readAt < SNAPSHOT_TTL_MS) return Promise.resolve(last);
    reading ??= readSnapshot(ctx)
      .then((s) => (last = { ...s, databaseUp: true }))
      .catch(() => (last = { ...last, databaseUp: false }))
      .finally(() => {
        readAt = performance.now();
        reading = undefined;
      });
    return reading;
  };
}

export interface AppMetrics {
  /** The exposition text of this app's and this process's metrics. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Registers the app's metrics and the hook that times every request. */
export function installMetrics(app: FastifyInstance, ctx: AppContext): AppMetrics {
  const registry = new Registry();
  const registers = [registry];
  const snapshot = snapshotSource(ctx);

  const requests = new Histogram({
    name: 'aduan_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status, and how long they took',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  app.addHook('onResponse', async (request, reply) => {
    // The pattern (`/api/public/complaints/:trackingNumber`), never the URL: no tracking number in a label.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  new Gauge({ name: 'aduan_build_info', help: 'Always 1: the version and the database kind', labelNames: ['version', 'database'] as const, registers }).set({ version: appVersion(), database: ctx.db.dialect }, 1);

  const fromSnapshot = (name: string, help: string, value: (s: Snapshot) => number) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        this.set(value(await snapshot()));
      },
    });
  fromSnapshot('aduan_database_up', '1 when the last read of the figures below reached the database', (s) => (s.databaseUp ? 1 : 0));
  fromSnapshot('aduan_outbox_pending_messages', 'Mail waiting in the outbox (due or backing off)', (s) => s.outboxPending);
  fromSnapshot('aduan_outbox_oldest_pending_age_seconds', 'Age of the oldest unsent message; 0 when none waits', (s) =>
    s.outboxOldestPendingAt === null ? 0 : Math.max(0, (ctx.now().getTime() - s.outboxOldestPendingAt) / 1000),
  );
  fromSnapshot('aduan_outbox_dead_letters', 'Messages on the dead-letter list', (s) => s.outboxDead);
  fromSnapshot('aduan_outbox_interrupted_attempts', 'Unsent messages whose last attempt never recorded an outcome (its worker died): sent again, maybe twice', (s) => s.outboxInterrupted);
  fromSnapshot('aduan_complaints_overdue', 'Open complaints past the deadline running now', (s) => s.overdue);
  fromSnapshot('aduan_schema_migrations_pending', 'Migrations this version knows that the database has not had', (s) => s.migrationsPending);

  new Gauge({
    name: 'aduan_complaints_open',
    help: 'Open complaints (not closed, rejected or referred) by state',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      const s = await snapshot();
      for (const state of OPEN_STATES) this.set({ state }, s.openByState.get(state) ?? 0);
    },
  });
  const jobGauge = (name: string, help: string, value: (j: Snapshot['jobs'][number]) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['job'] as const,
      registers,
      async collect() {
        this.reset();
        for (const job of (await snapshot()).jobs) {
          const v = value(job);
          if (v !== null) this.set({ job: job.name }, v);
        }
      },
    });
  jobGauge('aduan_job_locked', '1 while an instance holds the timed job (any instance)', (j) => (j.locked ? 1 : 0));
  jobGauge('aduan_job_last_started_timestamp_seconds', 'When the timed job last started (any instance)', (j) => (j.lastStartedAt === null ? null : j.lastStartedAt / 1000));
  jobGauge('aduan_job_last_finished_timestamp_seconds', 'When the timed job last finished (any instance)', (j) => (j.lastFinishedAt === null ? null : j.lastFinishedAt / 1000));

  if (ctx.db.dialect === 'postgres') {
    new Gauge({
      name: 'aduan_db_pool_connections',
      help: 'PostgreSQL pool connections by state (total, idle, max)',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const u = ctx.db.usage();
        if (u.dialect !== 'postgres') return;
        this.set({ state: 'total' }, u.total);
        this.set({ state: 'idle' }, u.idle);
        this.set({ state: 'max' }, u.max);
      },
    });
    new Gauge({
      name: 'aduan_db_pool_waiting_requests',
      help: 'Queries waiting for a free PostgreSQL pool connection',
      registers,
      collect() {
        const u = ctx.db.usage();
        if (u.dialect === 'postgres') this.set(u.waiting);
      },
    });
  } else {
    new Gauge({
      name: 'aduan_db_sqlite_file_bytes',
      help: 'SQLite database file and write-ahead log sizes (a WAL that keeps growing means checkpoints are starved)',
      labelNames: ['file'] as const,
      registers,
      collect() {
        const u = ctx.db.usage();
        if (u.dialect !== 'sqlite') return;
        this.set({ file: 'database' }, u.fileBytes);
        this.set({ file: 'wal' }, u.walBytes);
      },
    });
  }

  const merged = Registry.merge([registry, processRegistry]);
  return {
    async render() {
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}

function allowList(addresses: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const entry of addresses) {
    const [address = '', bits] = entry.split('/');
    const family = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest();

/**
 * Who may read /metrics: a request with the configured bearer token, or one made straight from an
 * allowed address. A request that came through a proxy (it carries X-Forwarded-For or Forwarded) is
 * never let in by address: behind a proxy on the same machine every visitor would look like loopback.
 */
export function metricsGate(config: { token: string | undefined; allow: readonly string[] }): (request: FastifyRequest) => boolean {
  const allowed = allowList(config.allow);
  const token = config.token ? sha256(config.token) : undefined;
  return (request) => {
    const header = request.headers.authorization;
    if (token && header?.startsWith('Bearer ')) return crypto.timingSafeEqual(sha256(header.slice(7).trim()), token);
    if (request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined) return false;
    const raw = request.socket.remoteAddress ?? '';
    const address = raw.startsWith('::ffff:') ? raw.slice(7) : raw;
    return net.isIP(address) !== 0 && allowed.check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4');
  };
}
