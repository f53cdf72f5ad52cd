/**
 * The hostile-input scenario: a child process (forked by run.ts) that sends bodies of about 1 MB
 * built to be expensive (a wide object, deep nesting, a wide array, many unknown keys of long
 * values) in loops on a few connections, while one more loop asks /healthz and times each answer.
 * Refusals must stay small and quick, and the health check must keep answering meanwhile.
 */

export interface HostileSpec {
  baseUrl: string;
  /** Concurrent hostile senders. */
  senders: number;
  duration: number;
}

export interface HostileKindResult {
  kind: string;
  url: string;
  bodyBytes: number;
  requests: number;
  statusCodes: Record<string, number>;
  maxAnswerBytes: number;
  p50: number;
  p99: number;
}

export interface HostileResult {
  /** /healthz alone, before the attack, then during it: milliseconds. */
  healthIdle: { requests: number; p50: number; p99: number; max: number };
  healthUnderAttack: { requests: number; p50: number; p99: number; max: number; failures: number };
  kinds: HostileKindResult[];
  /** Hostile bytes per second the server read and refused. */
  hostileMbPerSecond: number;
}

/** Just under the default 1 MiB body limit, so the parser has to read and refuse each one. */
const TARGET = 1_000_000;

function body(kind: string): string {
  switch (kind) {
    case 'wide-object': {
      const keys: string[] = [];
      for (let i = 0, size = 20; size < TARGET - 20; i++) {
        const entry = `"field${i}":1`;
        keys.push(entry);
        size += entry.length + 1;
      }
      return `{"email":"a@b.id",${keys.join(',')}}`;
    }
    case 'deep-objects': {
      const depth = Math.floor(TARGET / 6);
      return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    }
    case 'deep-arrays':
      return `${'['.repeat(TARGET / 2)}${']'.repeat(TARGET / 2)}`;
    case 'wide-array':
      return `{"email":"a@b.id","password":[${Array.from({ length: TARGET / 2 - 20 }, () => '0').join(',')}]}`;
    case 'unknown-keys': {
      // Under the width limit, so it reaches validation: 190 unknown keys of ~5 KB each.
      const value = 'x'.repeat(Math.floor(TARGET / 190) - 20);
      const keys = Array.from({ length: 190 }, (_, i) => `"extra${i}":"${value}"`);
      return `{"email":"a@b.id","password":"not-the-password",${keys.join(',')}}`;
    }
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

const KINDS = [
  { kind: 'wide-object', url: '/api/public/complaints/similar' },
  { kind: 'deep-objects', url: '/api/public/complaints' },
  { kind: 'deep-arrays', url: '/api/public/complaints' },
  { kind: 'wide-array', url: '/api/auth/login' },
  { kind: 'unknown-keys', url: '/api/auth/login' },
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { requests: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0 };
};

async function probeHealth(baseUrl: string, until: () => boolean): Promise<{ times: number[]; failures: number }> {
  const times: number[] = [];
  let failures = 0;
  while (!until()) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      if (res.ok) times.push(performance.now() - t0);
      else failures++;
    } catch {
      failures++;
    }
    // About twenty probes a second: a monitor's rate, not a load of its own.
    await new Promise((r) => setTimeout(r, 50));
  }
  return { times, failures };
}

export async function runHostile(spec: HostileSpec): Promise<HostileResult> {
  const idleEnd = Date.now() + 2000;
  const idle = await probeHealth(spec.baseUrl, () => Date.now() > idleEnd);
  const bodies = KINDS.map((k) => ({ ...k, text: body(k.kind) }));
  const stats = bodies.map((b) => ({ kind: b.kind, url: b.url, bodyBytes: Buffer.byteLength(b.text), times: [] as number[], statusCodes: {} as Record<string, number>, maxAnswerBytes: 0 }));
  const end = Date.now() + spec.duration * 1000;
  let bytes = 0;
  const started = performance.now();
  const sender = async (offset: number) => {
    for (let i = offset; Date.now() < end; i++) {
      const index = i % bodies.length;
      const b = bodies[index] as (typeof bodies)[number];
      const s = stats[index] as (typeof stats)[number];
      const t0 = performance.now();
      try {
        const res = await fetch(`${spec.baseUrl}${b.url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b.text, signal: AbortSignal.timeout(60_000) });
        const answer = await res.arrayBuffer();
        s.statusCodes[res.status] = (s.statusCodes[res.status] ?? 0) + 1;
        s.maxAnswerBytes = Math.max(s.maxAnswerBytes, answer.byteLength);
      } catch (error) {
        const key = `error: ${(error as Error).name}`;
        s.statusCodes[key] = (s.statusCodes[key] ?? 0) + 1;
      }
      s.times.push(performance.now() - t0);
      bytes += s.bodyBytes;
    }
  };
  const [health] = await Promise.all([probeHealth(spec.baseUrl, () => Date.now() > end), ...Array.from({ length: spec.senders }, (_, i) => sender(i))]);
  const seconds = (performance.now() - started) / 1000;
  return {
    healthIdle: summary(idle.times),
    healthUnderAttack: { ...summary(health.times), failures: health.failures },
    kinds: stats.map(({ times, ...s }) => {
      const t = summary(times);
      return { ...s, requests: t.requests, p50: t.p50, p99: t.p99 };
    }),
    hostileMbPerSecond: bytes / 2 ** 20 / seconds,
  };
}

// Forked by run.ts: one HostileSpec in, one HostileResult out.
if (process.send) {
  process.once('message', (spec: HostileSpec) => {
    runHostile(spec)
      .then((result) => process.send?.({ ok: true, result }, () => process.exit(0)))
      .catch((error: unknown) => process.send?.({ ok: false, error: String(error instanceof Error ? error.stack : error) }, () => process.exit(1)));
  });
}
