/**
 * Decision metrics over a period: outcome counts and rates, time-to-decision, the same per bot,
 * action, environment and approver, and a time series for the chart.
 *
 * @module
 */
import { OUTCOMES } from "../decision/outcome.ts";
import { type DurationStats, durationStats } from "./stats.ts";
import { eventTime, inPeriod, type Period } from "./period.ts";

/** The fields of a `decisions` item the metrics read. */
export interface MetricsRecord {
  service_id?: string;
  service_name?: string;
  action?: string;
  environment?: string;
  status?: string;
  outcome?: string;
  reason_code?: string;
  decided_by?: string[];
  requested_at?: number;
  decided_at?: number;
  time_to_decision_ms?: number;
}

/** Final outcomes counted (a record without one is counted as pending). */
export { OUTCOMES };

/** One of {@link OUTCOMES}. */
export type ReportOutcome = typeof OUTCOMES[number];

/**
 * How many decisions ended each way; `pending` ones are still waiting for humans. `break_glass`
 * counts the break-glass approvals among the `auto_approved` (not an outcome of its own).
 */
export type OutcomeCounts = Record<ReportOutcome, number> & {
  total: number;
  pending: number;
  break_glass: number;
};

/**
 * Shares of the finished decisions (pending ones excluded), each 0…1 and summing to 1; all
 * undefined when nothing finished. `auto` covers auto-approved and auto-denied.
 */
export interface Rates {
  approval?: number;
  denial?: number;
  auto?: number;
  rejection?: number;
  expiry?: number;
}

/** Counts, rates and time-to-decision of one group (or of everything). */
export interface GroupMetrics {
  key: string;
  counts: OutcomeCounts;
  rates: Rates;
  /** Time from request to a human decision (approved or denied). */
  time: DurationStats;
}

/** One bucket of the time series. */
export interface SeriesPoint {
  /** Bucket start (Unix ms). */
  start: number;
  counts: OutcomeCounts;
  time: DurationStats;
}

/** Everything a report shows. */
export interface Report {
  period: Period;
  overall: GroupMetrics;
  by_bot: GroupMetrics[];
  by_action: GroupMetrics[];
  by_environment: GroupMetrics[];
  /** Per approver: the human decisions they took part in. */
  by_approver: GroupMetrics[];
  /** Bucket length of {@link series} in milliseconds. */
  bucket_ms: number;
  series: SeriesPoint[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** Most buckets a chart gets; longer periods use longer buckets. */
export const MAX_BUCKETS = 120;

/** Bucket length for a period: the shortest of 1 h, 1 d, 1 w (or whole weeks) that fits. */
export function bucketFor(period: Period): number {
  const span = Math.max(1, period.to - period.from);
  for (const size of [HOUR, DAY, WEEK]) {
    if (span / size <= MAX_BUCKETS) return size;
  }
  return Math.ceil(span / MAX_BUCKETS / WEEK) * WEEK;
}

/** Zero counts. */
export function emptyCounts(): OutcomeCounts {
  return {
    total: 0,
    pending: 0,
    approved: 0,
    denied: 0,
    auto_approved: 0,
    auto_denied: 0,
    rejected: 0,
    expired: 0,
    withdrawn: 0,
    break_glass: 0,
  };
}

/** The record's final outcome, or undefined while pending (or for an unknown value). */
function outcomeOf(r: MetricsRecord): ReportOutcome | undefined {
  if (r.status === "pending" || !r.outcome) return undefined;
  return (OUTCOMES as readonly string[]).includes(r.outcome)
    ? r.outcome as ReportOutcome
    : undefined;
}

/** The human time-to-decision of a record, if it was decided by humans. */
function humanTime(r: MetricsRecord): number | undefined {
  const o = outcomeOf(r);
  if (o !== "approved" && o !== "denied") return undefined;
  if (typeof r.time_to_decision_ms === "number" && r.time_to_decision_ms > 0) {
    return r.time_to_decision_ms;
  }
  if (r.requested_at && r.decided_at && r.decided_at >= r.requested_at) {
    return r.decided_at - r.requested_at;
  }
  return undefined;
}

/** Rates from counts (see {@link Rates}). */
export function ratesOf(c: OutcomeCounts): Rates {
  const finished = c.total - c.pending;
  if (finished <= 0) return {};
  return {
    approval: c.approved / finished,
    denial: c.denied / finished,
    auto: (c.auto_approved + c.auto_denied) / finished,
    rejection: c.rejected / finished,
    expiry: c.expired / finished,
  };
}

/** Accumulates counts and human durations for one key. */
class Group {
  counts = emptyCounts();
  times: number[] = [];
  add(r: MetricsRecord): void {
    this.counts.total++;
    const o = outcomeOf(r);
    if (o) this.counts[o]++;
    else this.counts.pending++;
    if (o === "auto_approved" && r.reason_code === "break_glass") this.counts.break_glass++;
    const t = humanTime(r);
    if (t !== undefined) this.times.push(t);
  }
  metrics(key: string): GroupMetrics {
    return {
      key,
      counts: this.counts,
      rates: ratesOf(this.counts),
      time: durationStats(this.times),
    };
  }
}

function addTo(groups: Map<string, Group>, key: string, r: MetricsRecord): void {
  let g = groups.get(key);
  if (!g) groups.set(key, g = new Group());
  g.add(r);
}

/** Groups sorted by decisions, most first, then by key. */
function sorted(groups: Map<string, Group>): GroupMetrics[] {
  return [...groups].map(([key, g]) => g.metrics(key))
    .sort((a, b) => b.counts.total - a.counts.total || a.key.localeCompare(b.key));
}

/** Accumulates decisions one at a time (flat memory apart from durations), then reports. */
export interface ReportBuilder {
  /** Adds a record; records outside the period are skipped. */
  add(record: MetricsRecord): void;
  /** The report of everything added so far. */
  finish(): Report;
}

/** A {@link ReportBuilder} for `period`, for callers that stream pages of the datastore. */
export function createReportBuilder(period: Period): ReportBuilder {
  const overall = new Group();
  const bots = new Map<string, Group>(), actions = new Map<string, Group>();
  const envs = new Map<string, Group>(), approvers = new Map<string, Group>();
  const bucket = bucketFor(period);
  const first = Math.floor(period.from / bucket) * bucket;
  const buckets: Group[] = [];
  return {
    add(r) {
      if (!inPeriod(r, period)) return;
      overall.add(r);
      addTo(bots, r.service_id || "(unknown)", r);
      addTo(actions, r.action || "(none)", r);
      addTo(envs, r.environment || "(none)", r);
      const o = outcomeOf(r);
      if (o === "approved" || o === "denied") {
        for (const who of new Set(r.decided_by ?? [])) addTo(approvers, who, r);
      }
      const index = Math.floor((eventTime(r) - first) / bucket);
      (buckets[index] ??= new Group()).add(r);
    },
    finish() {
      const count = Math.max(1, Math.ceil((period.to - first) / bucket));
      const series: SeriesPoint[] = [];
      for (let i = 0; i < count; i++) {
        const g = buckets[i] ?? new Group();
        series.push({ start: first + i * bucket, counts: g.counts, time: durationStats(g.times) });
      }
      return {
        period,
        overall: overall.metrics("all"),
        by_bot: sorted(bots),
        by_action: sorted(actions),
        by_environment: sorted(envs),
        by_approver: sorted(approvers),
        bucket_ms: bucket,
        series,
      };
    },
  };
}

/**
 * The report of the decisions in `period` (by {@link eventTime}); records outside it are
 * skipped, so a caller may pass the whole datastore.
 */
export function buildReport(records: Iterable<MetricsRecord>, period: Period): Report {
  const builder = createReportBuilder(period);
  for (const r of records) builder.add(r);
  return builder.finish();
}
