/**
 * Slack's rules for scheduled triggers, checked over trigger definitions (pure); the Web API's
 * `workflows.triggers.create/update` refuse a schedule that breaks one. Sources: the SDK's
 * trigger types (deno-slack-api 2.8.0 `typed-method-types/workflows/triggers/scheduled.ts`) and
 * "Scheduled triggers" (https://api.slack.com/automation/triggers/scheduled): a weekly schedule
 * needs `on_days`; the shortest schedule is hourly; a start time lies in the future. Rows in
 * docs/slack_rules.md.
 *
 * @module
 */

const FREQUENCIES = new Set(["once", "hourly", "daily", "weekly", "monthly", "yearly"]);
const WEEKDAYS = new Set([
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
]);
/** Which frequency fields each frequency type accepts (the SDK's per-type `Pick<…>`). */
const FIELDS: Record<string, ReadonlySet<string>> = {
  once: new Set(["type"]),
  hourly: new Set(["type", "repeats_every"]),
  daily: new Set(["type", "repeats_every"]),
  weekly: new Set(["type", "repeats_every", "on_days"]),
  monthly: new Set(["type", "repeats_every", "on_days", "on_week_num"]),
  yearly: new Set(["type", "repeats_every"]),
};

type Json = Record<string, unknown>;

/**
 * Every rule a scheduled trigger breaks (empty when it is fine or not a scheduled trigger).
 *
 * @param trigger the trigger definition (a `--trigger-def` file's default export)
 * @param now the current time in Unix milliseconds, for the future start time
 */
export function checkScheduledTrigger(trigger: Json, now: number): string[] {
  if (trigger.type !== "scheduled") return [];
  const problems: string[] = [];
  const schedule = (trigger.schedule ?? {}) as Json;
  const start = Date.parse(String(schedule.start_time ?? ""));
  if (!Number.isFinite(start)) problems.push("schedule.start_time is not an ISO 8601 time");
  else if (start <= now) problems.push("schedule.start_time is not in the future");
  const freq = schedule.frequency as Json | undefined;
  if (!freq) return problems; // a single run ("once" by default)
  const type = String(freq.type ?? "");
  if (!FREQUENCIES.has(type)) {
    problems.push(`frequency.type "${type}" is not one of ${[...FREQUENCIES].join(", ")}`);
    return problems;
  }
  for (const key of Object.keys(freq)) {
    if (!FIELDS[type].has(key)) problems.push(`frequency.${key} is not allowed for ${type}`);
  }
  if (type === "once" && (schedule.end_time || schedule.occurrence_count)) {
    problems.push("a single run takes no end_time or occurrence_count");
  }
  if (freq.repeats_every !== undefined) {
    const n = freq.repeats_every;
    if (!Number.isInteger(n) || (n as number) < 1) {
      problems.push(`frequency.repeats_every ${n} is not a positive integer`);
    }
  }
  if (type === "weekly") {
    const days = freq.on_days as unknown[] | undefined;
    if (!Array.isArray(days) || days.length === 0) problems.push("a weekly schedule needs on_days");
  }
  if (type === "monthly" && Array.isArray(freq.on_days) && freq.on_days.length !== 1) {
    problems.push("a monthly schedule takes exactly one day in on_days");
  }
  for (const day of (Array.isArray(freq.on_days) ? freq.on_days : []) as unknown[]) {
    if (!WEEKDAYS.has(String(day))) problems.push(`on_days "${day}" is not a weekday name`);
  }
  if (freq.on_week_num !== undefined && ![1, 2, 3, 4, -1].includes(freq.on_week_num as number)) {
    problems.push(`frequency.on_week_num ${freq.on_week_num} is not 1–4 or -1`);
  }
  return problems;
}
