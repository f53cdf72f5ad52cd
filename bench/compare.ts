/**
 * Two server builds on one generated PostgreSQL data set, the search scenario of `npm run bench`
 * (bench/load.ts, 32 connections) on each in turn: a change measured against the code before it
 * without generating a million complaints twice (docs/benchmarks.md).
 *
 *   npx tsx bench/compare.ts --before /tmp/old [--size 1000000] [--scenario search] [--duration 10]
 *
 * `--before` is a directory holding a built older checkout (`dist/src/main.js`, with node_modules);
 * "after" is this checkout's `dist` (run `npm run build` first).
 */
import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createContext } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { createMailer } from '../src/notifications/mailer.js';
import { drainOutbox, workerOptionsFrom } from '../src/notifications/worker.js';
import { JOBS, runDueJobs } from '../src/scheduler/scheduler.js';
import { freePort, startPostgresServer } from '../tests/support/postgres-server.js';
import { BENCH_ACCESS_CODE, BENCH_ADMIN, generatePostgres } from './generate.js';
import type { LoadResult, LoadSpec, ScenarioName } from './load.js';
import { hostBusySeconds, login, ROOT, waitForQuiet } from './server.js';

const USAGE = 'usage: npx tsx bench/compare.ts --before DIR [--size N] [--scenario search|inbox|track|detail] [--duration S] [--connections C]';
let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    strict: true,
    options: {
      before: { type: 'string' },
      size: { type: 'string', default: '1000000' },
      scenario: { type: 'string', default: 'search' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      help: { type: 'boolean', default: false },
    },
  }).values;
}
try {
  args = parse();
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const size = Number(args.size);
const duration = Number(args.duration);
const connections = Number(args.connections);
const scenario = args.scenario as ScenarioName;
if (!args.before || !fs.existsSync(path.join(args.before, 'dist', 'src', 'main.js')) || ![size, duration, connections].every((n) => Number.isInteger(n) && n > 0) || !['search', 'inbox', 'track', 'detail'].includes(scenario)) {
  console.error(USAGE);
  process.exit(2);
}
const log = (l: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${l}`);
const BUILDS: [string, string][] = [['before', path.resolve(args.before)], ['after', ROOT]];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-bench-compare-'));
const server = await startPostgresServer();
try {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE DATABASE aduan_bench');
  await admin.end();
  const url = server.url.replace(/\/postgres$/, '/aduan_bench');
  log(`generating ${size} complaints into PostgreSQL …`);
  const stats = await generatePostgres(url, size, log);
  log(`generated in ${stats.seconds.toFixed(0)} s`);
  const env = { DATA_DIR: dataDir, ADMIN_EMAIL: BENCH_ADMIN.email, ADMIN_PASSWORD: BENCH_ADMIN.password, DATABASE_URL: url };
  const ctx = createContext(loadConfig(env));
  for (const job of JOBS.filter((j) => ['auto_close', 'retention', 'deadline_alerts'].includes(j.name))) {
    for (let i = 0; i < 1000; i++) if ((await job.run(ctx)) === 0) break;
  }
  await runDueJobs(ctx, 'bench-prepare');
  await drainOutbox(ctx, createMailer(ctx.config.mail, ctx.now), workerOptionsFrom(ctx, { workerId: 'bench-prepare' }));
  await ctx.db.close();
  log('caught up background jobs');
  const results: Record<string, LoadResult & { foreign: number }> = {};
  for (const [label, root] of BUILDS) {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(root, 'dist', 'src', 'main.js')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: '/tmp', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', SEED_DEMO: 'false', RATE_LIMIT_SUBMIT_PER_HOUR: '0', RATE_LIMIT_TRACK_PER_HOUR: '0', ...env },
      stdio: 'ignore',
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    for (;;) {
      try { if ((await fetch(`${baseUrl}/healthz`)).ok) break; } catch { /* starting */ }
      await new Promise((r) => setTimeout(r, 200));
    }
    const cookie = await login(baseUrl, BENCH_ADMIN.email, BENCH_ADMIN.password);
    const foreign = await waitForQuiet(0.3, 20);
    const h0 = hostBusySeconds();
    const spec: LoadSpec = { baseUrl, scenario, connections, duration, warmup: 1, accessCode: BENCH_ACCESS_CODE, cookie, trackingCounts: stats.trackingCounts };
    const result = await new Promise<LoadResult>((resolve, reject) => {
      const c = fork(path.join(ROOT, 'bench', 'load.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      c.once('message', (m: { ok: boolean; result?: LoadResult; error?: string }) => (m.ok ? resolve(m.result as LoadResult) : reject(new Error(m.error))));
      c.send(spec);
    });
    const busy = (hostBusySeconds() - h0) / (duration + 1);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    results[label] = { ...result, foreign };
    log(`${label}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} p95 ${result.p95.toFixed(1)} p99 ${result.p99.toFixed(1)} max ${result.max.toFixed(0)} ms, non2xx ${result.non2xx}, socket errors ${result.socketErrors}, machine busy ${busy.toFixed(2)} cores, other before ${foreign.toFixed(2)}`);
  }
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', `compare-postgres-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ size, scenario, connections, duration, generation: stats, results }, null, 2));
} finally {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
