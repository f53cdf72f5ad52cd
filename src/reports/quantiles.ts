/**
 * Median and percentiles of a list of numbers. Pure.
 *
 * Percentiles use linear interpolation between the closest ranks (the rule of Excel's
 * PERCENTILE.INC and NumPy's default): rank = p × (n − 1), so the median of 1, 2, 3, 10 is 2.5
 * and its 90th percentile 3 + 0.7 × 7 = 7.9. The office can re-check a figure in a spreadsheet.
 */

/** A growable list of doubles that keeps only the numbers (8 bytes each) while rows stream by. */
export class NumberSample {
  private values = new Float64Array(1024);
  private length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }

  get size(): number {
    return this.length;
  }

  /** Sorted copy of the values, ascending. */
  sorted(): Float64Array {
    return this.values.slice(0, this.length).sort();
  }
}

/** The p-th percentile (0 ≤ p ≤ 1) of ascending values; null for an empty list. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = p * (n - 1);
  const low = Math.floor(rank);
  const high = Math.min(low + 1, n - 1);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

export function percentile(values: readonly number[], p: number): number | null {
  return percentileOfSorted(Float64Array.from(values).sort(), p);
}
