/**
 * Scheduled triggers (`type: "scheduled"`): when their next occurrence is due. Supports
 * `start_time`, `end_time`, `occurrence_count` and `frequency.type` once / hourly / daily /
 * weekly / monthly / yearly with `repeats_every`; `on_days` / `on_week_num` refinements are not
 * modelled (such a trigger fires on its base cadence).
 *
 * @module
 */

/** A Slack scheduled-trigger `schedule` object (the fields used here). */
export interface Schedule {
  start_time?: string;
  end_time?: string;
  occurrence_count?: number;
  frequency?: { type?: string; repeats_every?: number };
}

const HOUR = 3_600_000;

function addPeriod(ms: number, type: string, n: number): number {
  if (type === "hourly") return ms + n * HOUR;
  if (type === "daily") return ms + n * 24 * HOUR;
  if (type === "weekly") return ms + n * 7 * 24 * HOUR;
  const date = new Date(ms);
  if (type === "monthly") date.setUTCMonth(date.getUTCMonth() + n);
  else if (type === "yearly") date.setUTCFullYear(date.getUTCFullYear() + n);
  else return Number.NaN;
  return date.getTime();
}

/**
 * The first occurrence strictly after `afterMs` (Unix ms), or undefined when there is none (a
 * past one-off, an end time or occurrence count reached, or an unreadable schedule).
 */
export function nextOccurrence(schedule: Schedule, afterMs: number): number | undefined {
  const start = Date.parse(schedule.start_time ?? "");
  if (Number.isNaN(start)) return undefined;
  const end = schedule.end_time ? Date.parse(schedule.end_time) : Infinity;
  const type = schedule.frequency?.type ?? "once";
  const every = Math.max(1, Math.floor(schedule.frequency?.repeats_every ?? 1));
  const maxCount = schedule.occurrence_count ?? Infinity;
  let at = start;
  let count = 1;
  if (type === "once") return start > afterMs && start <= end ? start : undefined;
  // Fixed-length periods jump straight to the right occurrence; months and years step.
  if (type === "hourly" || type === "daily" || type === "weekly") {
    const period = addPeriod(0, type, every);
    if (afterMs >= start) {
      const skipped = Math.floor((afterMs - start) / period) + 1;
      at = start + skipped * period;
      count = skipped + 1;
    }
  } else {
    while (at <= afterMs && count <= maxCount) {
      at = addPeriod(at, type, every);
      count++;
      if (Number.isNaN(at)) return undefined;
    }
  }
  return at > afterMs && at <= end && count <= maxCount ? at : undefined;
}
