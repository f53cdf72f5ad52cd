/**
 * The server under test, started as users start it: `node dist/src/main.js` with the
 * environment of src/config.ts, watched through /proc for memory and CPU.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../tests/support/postgres-server.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function build(): void {
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

export { freePort };

/** Peak resident memory and CPU time of one process, sampled from /proc every 200 ms. */
export class ProcessWatch {
  private timer: NodeJS.Timeout;
  private windowPeak = 0;
  peak = 0;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
    this.sample();
  }

  private sample(): void {
    const rss = this.rssKb();
    if (rss > this.windowPeak) this.windowPeak = rss;
    if (rss > this.peak) this.peak = rss;
  }

  rssKb(): number {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      return match ? Number(match[1]) : 0;
    } catch {
      return 0;
    }
  }

  /** User + system CPU seconds so far. */
  cpuSeconds(): number {
    try {
      const stat = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return 0;
    }
  }

  /** Starts a measuring window; returns a function that ends it with the window's peak RSS (MB) and CPU seconds. */
  window(): () => { peakRssMb: number; cpuSeconds: number } {
    this.windowPeak = 0;
    this.sample();
    const cpu = this.cpuSeconds();
    return () => {
      this.sample();
      return { peakRssMb: this.windowPeak / 1024, cpuSeconds: this.cpuSeconds() - cpu };
    };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export interface RunningServer {
  baseUrl: string;
  pid: number;
  watch: ProcessWatch;
  /** Seconds from spawn to a healthy /healthz. */
  startSeconds: number;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const started = Date.now();
  const fullEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    RATE_LIMIT_SUBMIT_PER_HOUR: '0',
    RATE_LIMIT_TRACK_PER_HOUR: '0',
    ...env,
  };
  // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it stops (docs/benchmarks.md).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, path.join(ROOT, 'dist', 'src', 'main.js')], { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (;;) {
    if (exited) throw new Error(`server exited during start-up:\n${output}`);
    if (Date.now() - started > 300_000) {
      child.kill('SIGKILL');
      throw new Error(`server not healthy after 300 s:\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid as number;
  const watch = new ProcessWatch(pid);
  return {
    baseUrl,
    pid,
    watch,
    startSeconds: (Date.now() - started) / 1000,
    async stop() {
      watch.stop();
      if (!exited) {
        child.kill('SIGTERM');
        const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exit;
        clearTimeout(timeout);
      }
    },
  };
}

/** Logs in and returns the Cookie header value for staff requests. */
export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0] as string).find((c) => c.startsWith('aduan_session='));
  if (!cookie) throw new Error('login set no aduan_session cookie');
  return cookie;
}

export async function permitTypeIds(baseUrl: string): Promise<number[]> {
  const response = await fetch(`${baseUrl}/api/public/permit-types`);
  const body = (await response.json()) as { items: { id: number }[] };
  return body.items.map((i) => i.id);
}

/** Busy CPU seconds of the whole machine (all cores) so far, from /proc/stat. */
export function hostBusySeconds(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const busy = (v[0] ?? 0) + (v[1] ?? 0) + (v[2] ?? 0) + (v[5] ?? 0) + (v[6] ?? 0) + (v[7] ?? 0);
  return busy / 100;
}

function cpuOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of a process and its direct children (the PostgreSQL postmaster and its backends). */
export function treeCpuSeconds(rootPid: number): number {
  let total = cpuOf(rootPid);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === rootPid) total += cpuOf(Number(entry));
    } catch {
      // gone
    }
  }
  return total;
}

/** The postmaster of the embedded server listening on `port`, found through its data directory. */
export function postmasterPid(port: number): number | null {
  const tmp = os.tmpdir();
  for (const dir of fs.readdirSync(tmp)) {
    if (!dir.startsWith('aduan-pg-')) continue;
    try {
      const lines = fs.readFileSync(path.join(tmp, dir, 'postmaster.pid'), 'utf8').split('\n');
      if (Number(lines[3]) === port) return Number(lines[0]);
    } catch {
      // not a running server
    }
  }
  return null;
}

/** Waits until the machine is quiet (other processes use < `maxCores`), up to `maxSeconds`; returns the last foreign load in cores. */
export async function waitForQuiet(maxCores: number, maxSeconds: number): Promise<number> {
  const deadline = Date.now() + maxSeconds * 1000;
  for (;;) {
    const b0 = hostBusySeconds();
    await new Promise((r) => setTimeout(r, 1000));
    const load = hostBusySeconds() - b0;
    if (load < maxCores || Date.now() > deadline) return load;
  }
}
