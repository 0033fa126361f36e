/**
 * Order statistics of durations: nearest-rank percentiles and a compact human format.
 *
 * @module
 */

/** Count, median, 90th percentile and maximum of a set of durations (milliseconds). */
export interface DurationStats {
  count: number;
  /** Undefined when there are no values (never a made-up zero). */
  p50?: number;
  p90?: number;
  max?: number;
}

/**
 * The nearest-rank percentile `p` (0 < p ≤ 100) of ascending `sorted` values: the smallest value
 * at least p% of the values are less than or equal to. Undefined for no values.
 *
 * @throws {RangeError} `Cannot compute percentile: …` when `p` is outside (0, 100].
 */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (!(p > 0 && p <= 100)) {
    throw new RangeError(`Cannot compute percentile: p "${p}" is not in (0, 100]`);
  }
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** p50 / p90 / max of `values` (any order; non-finite and negative values are ignored). */
export function durationStats(values: Iterable<number>): DurationStats {
  const sorted = [...values].filter((v) => Number.isFinite(v) && v >= 0).sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0 };
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    max: sorted[sorted.length - 1],
  };
}

/** A duration as people read it: `850ms`, `42s`, `3m 10s`, `1h 05m`, `2d 3h`; `–` when unknown. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** A share (0…1) as a percentage with one decimal, `–` when there is nothing to divide. */
export function formatRate(rate: number | undefined): string {
  if (rate === undefined || !Number.isFinite(rate)) return "–";
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
