/**
 * The load generator: a child process (forked by run.ts) that drives one scenario with
 * autocannon against 127.0.0.1 and reports requests/s, latency percentiles and errors.
 * Latencies are recorded per response (sub-millisecond), so p95 is exact.
 */
import autocannon, { type RawRequest, type RequestSpec, type Result } from 'autocannon';
import { complaintText, personName, rng, SEARCH_WORDS, pick } from './words.js';

export type ScenarioName = 'baseline' | 'submit' | 'track' | 'inbox' | 'search' | 'detail';

export interface LoadSpec {
  baseUrl: string;
  scenario: ScenarioName;
  connections: number;
  duration: number;
  warmup: number;
  accessCode: string;
  cookie?: string;
  /** Complaints per year: ADU-<year>-000001 … count exist. */
  trackingCounts?: Record<string, number>;
  permitTypeIds?: number[];
}

export interface LoadResult {
  requests: number;
  rps: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  seconds: number;
  /** CPU seconds the load generator itself used (warm-up included). */
  cpuSeconds: number;
  /** One failing request replayed after the run, to say what went wrong. */
  sampleError?: string;
}

const random = rng(process.pid * 7919 + Date.now());

function trackingPicker(counts: Record<string, number>): () => string {
  const years = Object.entries(counts).map(([year, n]) => [year, n] as const);
  const total = years.reduce((s, [, n]) => s + n, 0);
  if (total === 0) throw new Error('no complaints to pick from');
  return () => {
    let r = Math.floor(random() * total);
    for (const [year, n] of years) {
      if (r < n) return `ADU-${year}-${String(r + 1).padStart(6, '0')}`;
      r -= n;
    }
    throw new Error('unreachable');
  };
}

function submission(permitTypeIds: number[]): string {
  const text = complaintText(random);
  const name = personName(random);
  return JSON.stringify({
    reporter: { name, email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@contoh.id` },
    subject: text.subject,
    description: text.description,
    consent: true,
    permitTypeId: permitTypeIds.length > 0 && random() < 0.8 ? pick(random, permitTypeIds) : null,
  });
}

/** What one request of the scenario looks like; called for every request. */
function requestFor(spec: LoadSpec): () => RawRequest {
  const staff = { cookie: spec.cookie ?? '' };
  switch (spec.scenario) {
    case 'baseline':
      return () => ({ method: 'GET', path: '/api/bare' });
    case 'submit':
      return () => ({ method: 'POST', path: '/api/public/complaints', headers: { 'content-type': 'application/json' }, body: submission(spec.permitTypeIds ?? []) });
    case 'track': {
      const next = trackingPicker(spec.trackingCounts ?? {});
      return () => ({ method: 'GET', path: `/api/public/complaints/${next()}`, headers: { 'x-access-code': spec.accessCode } });
    }
    case 'inbox':
      return () => ({ method: 'GET', path: '/api/staff/complaints?state=received,acknowledged&pageSize=25', headers: staff });
    case 'search':
      return () => ({ method: 'GET', path: `/api/staff/complaints?q=${encodeURIComponent(pick(random, SEARCH_WORDS))}`, headers: staff });
    case 'detail': {
      const next = trackingPicker(spec.trackingCounts ?? {});
      return () => ({ method: 'GET', path: `/api/staff/complaints/${next()}`, headers: staff });
    }
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function once(spec: LoadSpec, duration: number, record: ((ms: number) => void) | null): Promise<Result> {
  const build = requestFor(spec);
  const first = build();
  const request: RequestSpec = { ...first, setupRequest: (req) => ({ ...req, ...build() }) };
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url: spec.baseUrl, connections: spec.connections, duration, requests: [request] }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    if (record) instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => record(responseTime));
  });
}

async function sampleError(spec: LoadSpec): Promise<string | undefined> {
  const req = requestFor(spec)();
  const init: RequestInit = { method: req.method ?? 'GET', ...(req.headers ? { headers: req.headers } : {}) };
  if (typeof req.body === 'string') init.body = req.body;
  const response = await fetch(`${spec.baseUrl}${req.path ?? '/'}`, init);
  if (response.ok) return undefined;
  return `${response.status} ${(await response.text()).slice(0, 300)}`;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const cpu0 = process.cpuUsage();
  if (spec.warmup > 0) await once(spec, spec.warmup, null);
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  const started = performance.now();
  const result = await once(spec, spec.duration, (ms) => {
    if (n === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[n++] = ms;
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const sorted = latencies.subarray(0, n).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  const out: LoadResult = {
    requests: n,
    rps: n / result.duration,
    mean: n ? sum / n : 0,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: n ? (sorted[n - 1] as number) : 0,
    non2xx: result.non2xx,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  if (result.non2xx > 0) {
    const sample = await sampleError(spec).catch((error: unknown) => String(error));
    if (sample) out.sampleError = sample;
  }
  return out;
}

// Forked by run.ts: one LoadSpec in, one LoadResult out.
if (process.send) {
  process.once('message', (spec: LoadSpec) => {
    runLoad(spec)
      .then((result) => process.send?.({ ok: true, result }, () => process.exit(0)))
      .catch((error: unknown) => process.send?.({ ok: false, error: String(error instanceof Error ? error.stack : error) }, () => process.exit(1)));
  });
}
