import { AppError } from './errors.js';

/**
 * Fixed-window counter per key (a client address, a tracking number), in memory: enough for one server;
 * several instances each count their own share. A limit of 0 turns it off.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => Date,
  ) {}

  /** Counts one request and refuses it with 429 once the key is over its limit. */
  hit(key: string): void {
    if (this.limit === 0) return;
    if (this.count(key) > this.limit) throw this.refusal(key);
  }

  /** Counts one event and says how many the key has in the current window. */
  count(key: string): number {
    const t = this.now().getTime();
    const current = this.current(key, t);
    if (current) return ++current.count;
    if (this.windows.size > 100_000) this.prune(t);
    this.windows.set(key, { start: t, count: 1 });
    return 1;
  }

  /** Whether the key has used up its limit, without counting anything. */
  exhausted(key: string): boolean {
    return this.limit !== 0 && (this.current(key, this.now().getTime())?.count ?? 0) >= this.limit;
  }

  /** Refuses with 429 when the key has used up its limit, without counting this request. */
  assertNotExhausted(key: string): void {
    if (this.exhausted(key)) throw this.refusal(key);
  }

  /** The 429 for a key, with the seconds until its window ends. */
  refusal(key: string, code: 'rate_limited' | 'access_locked' = 'rate_limited'): AppError {
    const t = this.now().getTime();
    const start = this.current(key, t)?.start ?? t;
    return new AppError(code, undefined, { retryAfterSeconds: Math.max(1, Math.ceil((start + this.windowMs - t) / 1000)) });
  }

  private current(key: string, t: number): { start: number; count: number } | undefined {
    const w = this.windows.get(key);
    return w && t - w.start < this.windowMs && t >= w.start ? w : undefined;
  }

  private prune(t: number): void {
    for (const [key, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(key);
  }
}
