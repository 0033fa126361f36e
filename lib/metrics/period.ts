/**
 * Report periods: half-open ranges of Unix milliseconds `[from, to)`, parsed from dates people
 * type, and which time of a decision places it in a period.
 *
 * @module
 */

/** A half-open time range `[from, to)` in Unix milliseconds. */
export interface Period {
  from: number;
  to: number;
}

const DAY = 24 * 3_600_000;

/** The `days` days before `now`: `[now - days, now)`. */
export function lastDays(now: number, days: number): Period {
  return { from: now - days * DAY, to: now };
}

/**
 * Parses a period bound: `YYYY-MM-DD` (midnight UTC), an ISO 8601 date-time, or Unix
 * milliseconds.
 *
 * @throws {Error} `Cannot read period: …` naming the value.
 */
export function parseTime(value: string, name: string): number {
  const text = value.trim();
  let ms: number;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) ms = Date.parse(`${text}T00:00:00Z`);
  else if (/^\d{10,16}$/.test(text)) ms = Number(text);
  else if (/^\d{4}-\d{2}-\d{2}T/.test(text)) ms = Date.parse(text);
  else ms = Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new Error(
      `Cannot read period: ${name} "${
        value.slice(0, 100)
      }" is not a date (YYYY-MM-DD), ISO date-time or Unix milliseconds`,
    );
  }
  return ms;
}

/**
 * The period from optional `from` / `to` strings. A date-only `to` includes that whole day.
 * Defaults: `to` = now, `from` = 7 days before `to`.
 *
 * @throws {Error} `Cannot read period: …` for unreadable bounds or `from` not before `to`.
 */
export function parsePeriod(from: string | undefined, to: string | undefined, now: number): Period {
  let end = now;
  if (to) {
    end = parseTime(to, "--to");
    if (/^\d{4}-\d{2}-\d{2}$/.test(to.trim())) end += DAY;
  }
  const start = from ? parseTime(from, "--from") : end - 7 * DAY;
  if (start >= end) {
    throw new Error(
      `Cannot read period: --from "${new Date(start).toISOString()}" is not before --to "${
        new Date(end).toISOString()
      }"`,
    );
  }
  return { from: start, to: end };
}

/** When a decision happened for reporting: when it was requested, else when it was decided. */
export function eventTime(record: { requested_at?: number; decided_at?: number }): number {
  const t = record.requested_at || record.decided_at;
  return typeof t === "number" && Number.isFinite(t) ? t : Number.NaN;
}

/** Whether the decision's {@link eventTime} is in the period. */
export function inPeriod(
  record: { requested_at?: number; decided_at?: number },
  period: Period,
): boolean {
  const t = eventTime(record);
  return t >= period.from && t < period.to;
}

/** `2026-11-17 → 2026-11-24` style label (UTC). */
export function periodLabel(period: Period): string {
  const day = (ms: number) => {
    const iso = new Date(ms).toISOString();
    return iso.slice(11, 16) === "00:00" ? iso.slice(0, 10) : iso.slice(0, 16).replace("T", " ");
  };
  return `${day(period.from)} → ${day(period.to)} UTC`;
}
