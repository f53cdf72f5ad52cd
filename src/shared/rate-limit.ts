import { AppError } from './errors.js';

/**
 * Fixed-window counter per key (client address), in memory: enough for one server; several
 * instances each count their own share. A limit of 0 turns it off.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => Date,
  ) {}

  hit(key: string): void {
    if (this.limit === 0) return;
    const t = this.now().getTime();
    const current = this.windows.get(key);
    if (!current || t - current.start >= this.windowMs || t < current.start) {
      if (this.windows.size > 100_000) this.prune(t);
      this.windows.set(key, { start: t, count: 1 });
      return;
    }
    current.count++;
    if (current.count > this.limit) {
      throw new AppError('rate_limited', undefined, { retryAfterSeconds: Math.ceil((current.start + this.windowMs - t) / 1000) });
    }
  }

  private prune(t: number): void {
    for (const [key, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(key);
  }
}
