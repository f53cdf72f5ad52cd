/**
 * `npm run bench`: generates (or reuses) the data set, starts the real server
 * (`node dist/src/main.js`) on it, drives each scenario from a separate load process and
 * prints/writes the figures. See docs/benchmarks.md.
 *
 *   npm run bench -- --db sqlite|postgres|both --size 1000000 --duration 10 --connections 32
 *                    --durability relaxed|full|both [--skip-empty] [--warmup 1] [--recap-year 2025]
 *                    [--scenarios track,recap,register-xlsx,hostile]
 */
import { fork, type Serializable } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createContext } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { parseOptions, UsageError } from '../src/cli/command.js';
import { createMailer } from '../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom } from '../src/notifications/worker.js';
import { JOBS, runDueJobs } from '../src/scheduler/scheduler.js';
import { startPostgresServer, type PostgresServer } from '../tests/support/postgres-server.js';
import { BENCH_ACCESS_CODE, BENCH_ADMIN, cachedSqliteDataset, generatePostgres, type GenerateStats } from './generate.js';
import type { HostileResult, HostileSpec } from './hostile.js';
import type { LoadResult, LoadSpec, ScenarioName } from './load.js';
import { build, hostBusySeconds, login, permitTypeIds, postmasterPid, ROOT, startServer, treeCpuSeconds, waitForQuiet, type RunningServer } from './server.js';

type DbName = 'sqlite' | 'postgres';
type Durability = 'relaxed' | 'full';

interface Options {
  dbs: DbName[];
  size: number;
  duration: number;
  connections: number;
  durability: Durability[];
  skipEmpty: boolean;
  warmup: number;
  recapYear: number;
  quietWait: number;
  /** Only these scenarios (the baseline always runs, for the ratios); null = all. */
  only: Set<string> | null;
}

const USAGE = `Usage: npm run bench -- [options]

Generates (or reuses) a data set, starts the built server on it and measures each scenario; writes the
figures under bench/results/ (see docs/benchmarks.md). Needs \`npm run build\` first.

  --db sqlite|postgres|both          databases to measure (default both)
  --size N                           complaints in the data set (default 1000000)
  --duration S                       seconds per scenario after the warm-up (default 10)
  --warmup S                         warm-up seconds (default 1)
  --connections N                    concurrent connections (default 32)
  --durability relaxed|full|both     SQLite synchronous NORMAL, FULL or both (default both)
  --skip-empty                       skip the empty-database runs
  --recap-year YYYY                  the year the recap scenarios ask for (default last year)
  --quiet-wait S                     how long to wait for a quiet machine before each scenario (default 120)
  --scenarios a,b,…                  only these (e.g. track,recap,register-xlsx,hostile); the baseline always runs
  -h, --help                         this text`;

function options(): Options {
  const { values } = parseOptions(process.argv.slice(2), {
    db: { type: 'string', default: 'both' },
    size: { type: 'string', default: '1000000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    durability: { type: 'string', default: 'both' },
    'skip-empty': { type: 'boolean', default: false },
    warmup: { type: 'string', default: '1' },
    'recap-year': { type: 'string', default: String(new Date().getUTCFullYear() - 1) },
    'quiet-wait': { type: 'string', default: '120' },
    scenarios: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  const db = values.db;
  if (!['sqlite', 'postgres', 'both'].includes(db)) throw new UsageError('--db must be sqlite, postgres or both');
  const durability = values.durability;
  if (!['relaxed', 'full', 'both'].includes(durability)) throw new UsageError('--durability must be relaxed, full or both');
  return {
    dbs: db === 'both' ? ['sqlite', 'postgres'] : [db as DbName],
    size: int('size', values.size, 1),
    duration: int('duration', values.duration, 1),
    connections: int('connections', values.connections, 1),
    durability: durability === 'both' ? ['relaxed', 'full'] : [durability as Durability],
    skipEmpty: values['skip-empty'],
    warmup: int('warmup', values.warmup, 0),
    recapYear: int('recap-year', values['recap-year'], 2000),
    quietWait: int('quiet-wait', values['quiet-wait'], 0),
    only: values.scenarios ? new Set(['baseline', ...values.scenarios.split(',').map((x) => x.trim())]) : null,
  };
}

interface Row {
  db: DbName;
  size: number;
  scenario: ScenarioName;
  durability: string | null;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  statusCodes: Record<string, number>;
  sampleError?: string;
  peakRssMb: number;
  /** Cores busy during the scenario (warm-up included): the server, PostgreSQL, the load generator, everything else on the machine. */
  cpu: { server: number; postgres: number; load: number; other: number };
  /** Cores other processes used in the second before the scenario started. */
  foreignBefore: number;
  ratio: number | null;
  targets: string[];
}

const rows: Row[] = [];

interface RecapEndpointRow {
  db: DbName;
  size: number;
  query: string;
  status: number;
  /** Milliseconds of each sequential request; the first runs on colder caches. */
  timesMs: number[];
  peakRssMb: number;
}
const recapEndpointRows: RecapEndpointRow[] = [];

interface ExportRow {
  db: DbName;
  size: number;
  query: string;
  status: number;
  rows: number;
  bytes: number;
  ms: number;
  peakRssMb: number;
}
const exportRows: ExportRow[] = [];

interface HostileRow extends HostileResult {
  db: DbName;
  senders: number;
  seconds: number;
  peakRssMb: number;
}
const hostileRows: HostileRow[] = [];
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/** Runs `file` in a child process: one spec in, one result out (the load never shares the server's or our event loop). */
function forked<S extends object, R>(file: string, spec: S): Promise<R> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(ROOT, 'bench', file), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    child.once('message', (message: { ok: true; result: R } | { ok: false; error: string }) => {
      settled = true;
      if (message.ok) resolve(message.result);
      else reject(new Error(message.error));
    });
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`${file} exited with ${code}`));
    });
    child.send(spec as Serializable);
  });
}

const runLoad = (spec: LoadSpec) => forked<LoadSpec, LoadResult>('load.ts', spec);

function evaluate(row: Omit<Row, 'targets'>, baselineRps: number | null, isFullSize: boolean): string[] {
  const checks: string[] = [];
  const mark = (ok: boolean, text: string) => checks.push(`${ok ? '✓' : '✗'} ${text}`);
  if (row.scenario === 'submit') {
    if (baselineRps) mark(row.rps >= 0.4 * baselineRps, '≥40% baseline');
    mark(row.p99 < 25, 'p99<25ms');
    mark(row.errors === 0, '0 errors');
  }
  if (row.scenario === 'track' && baselineRps) mark(row.rps >= 0.6 * baselineRps, '≥60% baseline');
  if ((row.scenario === 'inbox' || row.scenario === 'search') && isFullSize) mark(row.rps > 0 && row.p95 < 50, 'p95<50ms');
  if (row.scenario !== 'submit' && row.errors > 0) mark(false, '0 errors');
  mark(row.peakRssMb < 300, 'RSS<300MB');
  return checks;
}

/**
 * Waits until the server answers /healthz quickly again: requests still queued from a scenario
 * whose clients gave up (autocannon's 10 s timeout) must not be charged to the next one.
 */
async function drained(server: RunningServer): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const h0 = performance.now();
    try {
      await fetch(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(60_000) });
    } catch {
      // still busy
    }
    if (performance.now() - h0 < 100 || Date.now() - t0 > 300_000) break;
  }
  const waited = (Date.now() - t0) / 1000;
  if (waited > 1) log(`  server busy with queued requests for ${waited.toFixed(0)} s after the scenario`);
}

interface Context {
  opts: Options;
  db: DbName;
  size: number;
  server: RunningServer;
  durability: string | null;
  baselineRps: number | null;
  cookie?: string;
  trackingCounts?: Record<string, number>;
  permitTypeIds: number[];
  pgPid: number | null;
}

async function scenario(ctx: Context, name: ScenarioName): Promise<Row> {
  const { opts, server } = ctx;
  log(`${ctx.db} size=${ctx.size} ${name}${ctx.durability ? ` (${ctx.durability})` : ''} …`);
  const foreignBefore = opts.quietWait > 0 ? await waitForQuiet(0.3, opts.quietWait) : 0;
  if (foreignBefore >= 0.3) log(`  machine busy: other processes use ${foreignBefore.toFixed(2)} cores`);
  const host0 = hostBusySeconds();
  const pg0 = ctx.pgPid ? treeCpuSeconds(ctx.pgPid) : 0;
  const wall0 = performance.now();
  const end = server.watch.window();
  const result = await runLoad({
    baseUrl: server.baseUrl,
    scenario: name,
    connections: opts.connections,
    duration: opts.duration,
    warmup: opts.warmup,
    accessCode: BENCH_ACCESS_CODE,
    permitTypeIds: ctx.permitTypeIds,
    ...(ctx.cookie ? { cookie: ctx.cookie } : {}),
    ...(ctx.trackingCounts ? { trackingCounts: ctx.trackingCounts } : {}),
  });
  const usage = end();
  await drained(server);
  const wall = (performance.now() - wall0) / 1000;
  const pgCpu = ctx.pgPid ? treeCpuSeconds(ctx.pgPid) - pg0 : 0;
  const hostCpu = hostBusySeconds() - host0;
  const cpu = {
    server: usage.cpuSeconds / wall,
    postgres: Math.max(0, pgCpu) / wall,
    load: result.cpuSeconds / wall,
    other: Math.max(0, hostCpu - usage.cpuSeconds - pgCpu - result.cpuSeconds) / wall,
  };
  const base = {
    db: ctx.db,
    size: ctx.size,
    scenario: name,
    durability: name === 'submit' ? ctx.durability : null,
    rps: result.rps,
    p50: result.p50,
    p95: result.p95,
    p99: result.p99,
    max: result.max,
    errors: result.non2xx + result.socketErrors,
    statusCodes: result.statusCodes,
    ...(result.sampleError ? { sampleError: result.sampleError } : {}),
    peakRssMb: usage.peakRssMb,
    cpu,
    foreignBefore,
    ratio: name === 'baseline' || !ctx.baselineRps ? null : result.rps / ctx.baselineRps,
  };
  const row: Row = { ...base, targets: evaluate(base, ctx.baselineRps, ctx.size >= 1_000_000) };
  rows.push(row);
  log(`  ${row.rps.toFixed(0)} req/s, p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms, errors ${row.errors}, RSS ${row.peakRssMb.toFixed(0)} MB, cores server/pg/load/other ${cpuText(row)}${result.sampleError ? `\n  sample error: ${result.sampleError}` : ''}`);
  return row;
}

/**
 * Brings the copy up to date with the server's own background jobs before measuring (a cached
 * data set ages: answers pass their auto-close day, finished complaints their retention day,
 * deadlines their alert thresholds), then marks every job as just run and sends the mail it
 * queued, so the first scheduler tick of the server under test does not land in a scenario.
 * From then on the jobs run on their own intervals during the measurements, as in production.
 */
async function catchUpBackgroundWork(env: Record<string, string>): Promise<void> {
  const ctx = createContext(loadConfig(env));
  try {
    for (const job of JOBS.filter((j) => ['auto_close', 'retention', 'deadline_alerts'].includes(j.name))) {
      const t0 = Date.now();
      let total = 0;
      for (let i = 0; i < 1000; i++) {
        const n = await job.run(ctx);
        total += n;
        if (n === 0) break;
      }
      if (total) log(`  caught up ${job.name}: ${total} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    await runDueJobs(ctx, 'bench-prepare');
    const sent = await drainOutbox(ctx, createMailer(ctx.config.mail, ctx.now), workerOptionsFrom(ctx, { workerId: 'bench-prepare' }));
    if (sent.sent) log(`  sent ${sent.sent} queued mails`);
  } finally {
    await ctx.db.close();
  }
}

const serverEnv = (dataDir: string, extra: Record<string, string>) => ({
  DATA_DIR: dataDir,
  ADMIN_EMAIL: BENCH_ADMIN.email,
  ADMIN_PASSWORD: BENCH_ADMIN.password,
  ...extra,
});

interface Session {
  db: DbName;
  size: number;
  env: Record<string, string>;
  durability: string | null;
  scenarios: (ScenarioName | 'recap' | 'register-xlsx' | 'hostile')[];
  trackingCounts?: Record<string, number>;
  baselineRps: number | null;
}

/** GET /api/staff/recap for one year, a few times one after another (a report, not a load). */
async function recapEndpoint(ctx: Context, year: number, times = 4): Promise<void> {
  const query = `period=${year}`;
  log(`${ctx.db} size=${ctx.size} recap endpoint ${query} …`);
  const end = ctx.server.watch.window();
  const timesMs: number[] = [];
  let status = 0;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const response = await fetch(`${ctx.server.baseUrl}/api/staff/recap?${query}`, { headers: { cookie: ctx.cookie ?? '' } });
    await response.arrayBuffer();
    timesMs.push(performance.now() - t0);
    status = response.status;
  }
  const row: RecapEndpointRow = { db: ctx.db, size: ctx.size, query, status, timesMs, peakRssMb: end().peakRssMb };
  recapEndpointRows.push(row);
  log(`  status ${status}, ${timesMs.map((t) => t.toFixed(0)).join(' / ')} ms, RSS ${row.peakRssMb.toFixed(0)} MB`);
}

const shiftDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The register as XLSX for growing periods at the end of the recap year (a week, a month, about
 * 100,000 rows at the default size): if the export streams, the server's peak memory stays the
 * same while the row count grows tenfold.
 */
async function registerExports(ctx: Context, year: number): Promise<void> {
  const to = `${year}-12-31`;
  const perDay = ctx.size / (3 * 365);
  const spans = [7, 31, Math.max(32, Math.round(100_000 / Math.max(perDay, 1)))];
  for (const days of spans) {
    const query = `from=${shiftDays(to, 1 - Math.min(days, 365))}&to=${to}`;
    log(`${ctx.db} size=${ctx.size} register.xlsx ${query} …`);
    if (ctx.opts.quietWait > 0) await waitForQuiet(0.3, ctx.opts.quietWait);
    const end = ctx.server.watch.window();
    const t0 = performance.now();
    const response = await fetch(`${ctx.server.baseUrl}/api/staff/register.xlsx?${query}`, { headers: { cookie: ctx.cookie ?? '' } });
    let bytes = 0;
    // Read as a slow-ish client would, a chunk at a time.
    for await (const chunk of response.body ?? []) bytes += (chunk as Uint8Array).length;
    const row: ExportRow = { db: ctx.db, size: ctx.size, query, status: response.status, rows: Number(response.headers.get('x-total-rows') ?? 0), bytes, ms: performance.now() - t0, peakRssMb: end().peakRssMb };
    exportRows.push(row);
    log(`  status ${row.status}, ${row.rows} rows, ${(bytes / 2 ** 20).toFixed(1)} MB in ${(row.ms / 1000).toFixed(1)} s, peak RSS ${row.peakRssMb.toFixed(0)} MB`);
  }
}

/**
 * About 1 MB hostile bodies in loops from a separate process while /healthz is timed there too
 * (bench/hostile.ts): the refusals' status and size, and the health check's latency before and during.
 */
async function hostileBodies(ctx: Context): Promise<void> {
  const senders = Math.min(ctx.opts.connections, 4);
  log(`${ctx.db} size=${ctx.size} hostile bodies (${senders} senders, ${ctx.opts.duration} s) …`);
  if (ctx.opts.quietWait > 0) await waitForQuiet(0.3, ctx.opts.quietWait);
  const end = ctx.server.watch.window();
  const result = await forked<HostileSpec, HostileResult>('hostile.ts', { baseUrl: ctx.server.baseUrl, senders, duration: ctx.opts.duration });
  const row: HostileRow = { db: ctx.db, senders, seconds: ctx.opts.duration, peakRssMb: end().peakRssMb, ...result };
  hostileRows.push(row);
  await drained(ctx.server);
  const h = row.healthUnderAttack;
  log(`  /healthz idle p50 ${row.healthIdle.p50.toFixed(1)} ms p99 ${row.healthIdle.p99.toFixed(1)} ms; under attack p50 ${h.p50.toFixed(1)} ms p99 ${h.p99.toFixed(1)} ms max ${h.max.toFixed(0)} ms, ${h.failures} failures; ${row.hostileMbPerSecond.toFixed(1)} MB/s refused, RSS ${row.peakRssMb.toFixed(0)} MB`);
  for (const k of row.kinds) log(`  ${k.kind}: ${k.requests} × ${JSON.stringify(k.statusCodes)}, answer ≤ ${k.maxAnswerBytes} B, p50 ${k.p50.toFixed(0)} ms`);
}

/** Starts the server, runs the scenarios, stops it; returns the baseline req/s if measured. */
async function session(opts: Options, s: Session): Promise<number | null> {
  const server = await startServer(s.env);
  log(`server pid ${server.pid} healthy after ${server.startSeconds.toFixed(1)} s`);
  try {
    const ctx: Context = {
      opts,
      db: s.db,
      size: s.size,
      server,
      durability: s.durability,
      baselineRps: s.baselineRps,
      permitTypeIds: await permitTypeIds(server.baseUrl),
      pgPid: s.env.DATABASE_URL ? postmasterPid(Number(new URL(s.env.DATABASE_URL).port)) : null,
      ...(s.trackingCounts ? { trackingCounts: s.trackingCounts } : {}),
    };
    if (s.scenarios.some((n) => n === 'inbox' || n === 'search' || n === 'detail' || n === 'recap' || n === 'register-xlsx')) ctx.cookie = await login(server.baseUrl, BENCH_ADMIN.email, BENCH_ADMIN.password);
    for (const name of s.scenarios) {
      if (opts.only && !opts.only.has(name)) continue;
      if (name === 'recap') {
        await recapEndpoint(ctx, opts.recapYear);
        continue;
      }
      if (name === 'register-xlsx') {
        await registerExports(ctx, opts.recapYear);
        continue;
      }
      if (name === 'hostile') {
        await hostileBodies(ctx);
        continue;
      }
      const row = await scenario(ctx, name);
      if (name === 'baseline') ctx.baselineRps = row.rps;
    }
    return ctx.baselineRps;
  } finally {
    await server.stop();
  }
}

/** Whether any selected scenario runs on the generated data set (the hostile one needs only an empty database). */
function needsDataSet(opts: Options): boolean {
  return !opts.only || ['track', 'inbox', 'search', 'detail', 'recap', 'register-xlsx', 'submit'].some((n) => opts.only?.has(n));
}

const SQLITE_SYNC: Record<Durability, string> = { relaxed: 'NORMAL', full: 'FULL' };

async function benchSqlite(opts: Options, generation: Record<string, unknown>): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-bench-sqlite-'));
  try {
    if (!opts.skipEmpty) {
      let baseline: number | null = null;
      for (const d of opts.durability) {
        const dir = path.join(work, `empty-${d}`);
        baseline = await session(opts, {
          db: 'sqlite',
          size: 0,
          env: serverEnv(dir, { SQLITE_SYNCHRONOUS: SQLITE_SYNC[d] }),
          durability: d,
          scenarios: baseline === null ? ['baseline', 'submit', 'hostile'] : ['submit'],
          baselineRps: baseline,
        });
      }
    }
    if (!needsDataSet(opts)) return;
    const t0 = Date.now();
    const dataset = await cachedSqliteDataset(opts.size, log);
    generation.sqlite = { ...dataset.stats, fromCache: dataset.fromCache, cacheFile: path.relative(ROOT, dataset.file), secondsThisRun: (Date.now() - t0) / 1000 };
    log(
      dataset.fromCache
        ? `SQLite data set from cache (generated in ${dataset.stats.seconds.toFixed(0)} s on ${dataset.stats.generatedAt})`
        : `SQLite data set generated in ${dataset.stats.seconds.toFixed(1)} s (${Math.round(opts.size / dataset.stats.seconds)} complaints/s)`,
    );
    const dir = path.join(work, 'full');
    fs.mkdirSync(dir, { recursive: true });
    const c0 = Date.now();
    fs.copyFileSync(dataset.file, path.join(dir, 'aduan.sqlite'));
    log(`copied ${(fs.statSync(dataset.file).size / 2 ** 20).toFixed(0)} MB in ${((Date.now() - c0) / 1000).toFixed(1)} s`);
    await catchUpBackgroundWork(serverEnv(dir, {}));
    let baseline: number | null = null;
    const reads: Session['scenarios'] = ['baseline', 'track', 'inbox', 'search', 'detail', 'recap'];
    // The exports get a server of their own, so its memory says what they need and nothing else.
    if (!opts.only || opts.only.has('register-xlsx')) {
      await session(opts, { db: 'sqlite', size: opts.size, env: serverEnv(dir, {}), durability: null, scenarios: ['register-xlsx'], baselineRps: null });
    }
    const durabilities = opts.durability;
    for (let i = 0; i < durabilities.length; i++) {
      const d = durabilities[i] as Durability;
      baseline = await session(opts, {
        db: 'sqlite',
        size: opts.size,
        env: serverEnv(dir, { SQLITE_SYNCHRONOUS: SQLITE_SYNC[d] }),
        durability: d,
        scenarios: i === 0 ? [...reads, 'submit'] : ['submit'],
        trackingCounts: dataset.stats.trackingCounts,
        baselineRps: baseline,
      });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function createDatabase(server: PostgresServer, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return server.url.replace(/\/postgres$/, `/${name}`);
}

async function benchPostgres(opts: Options, generation: Record<string, unknown>, versions: Record<string, string>): Promise<void> {
  log('starting embedded PostgreSQL (fsync on, synchronous_commit on: the defaults) …');
  const server = await startPostgresServer();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-bench-pg-'));
  try {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    versions.postgres = ((await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0] as { v: string }).v;
    await client.end();
    let baseline: number | null = null;
    if (!opts.skipEmpty) {
      const url = await createDatabase(server, 'aduan_empty');
      baseline = await session(opts, {
        db: 'postgres',
        size: 0,
        env: serverEnv(path.join(work, 'empty'), { DATABASE_URL: url }),
        durability: 'full',
        scenarios: ['baseline', 'submit', 'hostile'],
        baselineRps: null,
      });
    }
    if (!needsDataSet(opts)) return;
    const url = await createDatabase(server, 'aduan_bench');
    log(`generating ${opts.size} complaints into PostgreSQL …`);
    const stats: GenerateStats = await generatePostgres(url, opts.size, log);
    generation.postgres = stats;
    log(`PostgreSQL data set generated in ${stats.seconds.toFixed(1)} s (${Math.round(opts.size / stats.seconds)} complaints/s, incl. VACUUM ANALYZE)`);
    const dataDir = path.join(work, 'full');
    await catchUpBackgroundWork(serverEnv(dataDir, { DATABASE_URL: url }));
    baseline = null;
    if (!opts.only || opts.only.has('register-xlsx')) {
      await session(opts, { db: 'postgres', size: opts.size, env: serverEnv(dataDir, { DATABASE_URL: url }), durability: null, scenarios: ['register-xlsx'], baselineRps: null });
    }
    await session(opts, {
      db: 'postgres',
      size: opts.size,
      env: serverEnv(dataDir, { DATABASE_URL: url }),
      durability: 'full',
      scenarios: ['baseline', 'track', 'inbox', 'search', 'detail', 'recap', 'submit'],
      trackingCounts: stats.trackingCounts,
      baselineRps: baseline,
    });
  } finally {
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const f0 = (n: number) => n.toFixed(0);
const cpuText = (r: Row) => [r.cpu.server, r.cpu.postgres, r.cpu.load, r.cpu.other].map((c) => c.toFixed(2)).join('/');
const f1 = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

function table(): string {
  const header = ['db', 'size', 'scenario', 'durability', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'server RSS MB', 'cores: server/pg/load/other', '× baseline', 'targets'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) {
    lines.push(
      `| ${[
        r.db,
        r.size === 0 ? 'empty' : r.size.toLocaleString('en-US'),
        r.scenario,
        r.durability ?? '',
        f0(r.rps),
        ...(r.rps > 0 ? [f1(r.p50), f1(r.p95), f1(r.p99)] : ['—', '—', '—']),
        String(r.errors),
        f0(r.peakRssMb),
        cpuText(r),
        r.ratio === null ? '' : `${Math.round(r.ratio * 100)}%`,
        r.targets.join(', '),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

function exportTable(): string {
  const lines = ['| db | size | request | status | rows | MB | seconds | rows/s | server peak RSS MB |', '|---|---|---|---|---|---|---|---|---|'];
  for (const r of exportRows) {
    lines.push(`| ${r.db} | ${r.size.toLocaleString('en-US')} | GET /api/staff/register.xlsx?${r.query} | ${r.status} | ${r.rows.toLocaleString('en-US')} | ${(r.bytes / 2 ** 20).toFixed(1)} | ${(r.ms / 1000).toFixed(1)} | ${f0(r.rows / (r.ms / 1000))} | ${f0(r.peakRssMb)} |`);
  }
  return lines.join('\n');
}

function hostileTable(): string {
  const lines = ['| db | /healthz idle p50 / p99 ms | /healthz under attack p50 / p99 / max ms | health failures | body | bytes | requests | statuses | largest answer B | p50 ms | MB/s refused | server RSS MB |', '|---|---|---|---|---|---|---|---|---|---|---|---|'];
  for (const r of hostileRows) {
    for (const [i, k] of r.kinds.entries()) {
      const first = i === 0;
      lines.push(
        `| ${[
          first ? r.db : '',
          first ? `${f1(r.healthIdle.p50)} / ${f1(r.healthIdle.p99)}` : '',
          first ? `${f1(r.healthUnderAttack.p50)} / ${f1(r.healthUnderAttack.p99)} / ${f0(r.healthUnderAttack.max)}` : '',
          first ? String(r.healthUnderAttack.failures) : '',
          `${k.kind} → ${k.url}`,
          k.bodyBytes.toLocaleString('en-US'),
          String(k.requests),
          Object.entries(k.statusCodes).map(([c, n]) => `${c}×${n}`).join(' '),
          String(k.maxAnswerBytes),
          f0(k.p50),
          first ? f1(r.hostileMbPerSecond) : '',
          first ? f0(r.peakRssMb) : '',
        ].join(' | ')} |`,
      );
    }
  }
  return lines.join('\n');
}

function recapEndpointTable(): string {
  const lines = ['| db | size | request | status | first ms | then ms | server RSS MB | target < 1 s |', '|---|---|---|---|---|---|---|---|'];
  for (const r of recapEndpointRows) {
    const warm = r.timesMs.slice(1);
    const best = Math.min(...warm);
    lines.push(
      `| ${r.db} | ${r.size.toLocaleString('en-US')} | GET /api/staff/recap?${r.query} | ${r.status} | ${f0(r.timesMs[0] ?? 0)} | ${warm.map(f0).join(', ')} | ${f0(r.peakRssMb)} | ${best < 1000 ? '✓' : '✗'} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const opts = options();
  const started = new Date();
  log(`options: ${JSON.stringify(opts)}`);
  build();
  const sqliteVersion = (() => {
    const db = new SQLite(':memory:');
    const v = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
    db.close();
    return v;
  })();
  const versions: Record<string, string> = { node: process.version, sqlite: sqliteVersion };
  const generation: Record<string, unknown> = {};
  for (const db of opts.dbs) {
    if (db === 'sqlite') await benchSqlite(opts, generation);
    else await benchPostgres(opts, generation, versions);
  }
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), kernel: os.release() };
  const out = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    options: opts,
    machine,
    versions,
    generation,
    rows,
    recapEndpoint: recapEndpointRows,
    registerExports: exportRows,
    hostile: hostileRows,
  };
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(out, null, 2));
  console.log(`\n${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${versions.node}, SQLite ${versions.sqlite}${versions.postgres ? `, PostgreSQL ${versions.postgres}` : ''}`);
  console.log(`connections ${opts.connections}, ${opts.duration} s per scenario after ${opts.warmup} s warm-up\n`);
  console.log(table());
  if (recapEndpointRows.length) console.log(`\nRecap endpoint (computeRecap: this period and the previous one):\n\n${recapEndpointTable()}`);
  if (hostileRows.length) console.log(`\nHostile bodies (≈ 1 MB each, ${hostileRows[0]?.senders} senders) while /healthz is timed:\n\n${hostileTable()}`);
  if (exportRows.length) console.log(`\nRegister export (XLSX, streamed):\n\n${exportTable()}`);
  console.log(`\nResults: ${path.relative(ROOT, file)}`);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`bench: ${error.message} (npm run bench -- --help)`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
