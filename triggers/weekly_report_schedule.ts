import type { Trigger } from "deno-slack-sdk/types.ts";
import { WeeklyReportWorkflow } from "../workflows/weekly_report.ts";

const DAY = 86_400_000;

/** Next Monday 09:00 UTC strictly after `now` (Slack requires a future start time). */
export function nextMondayMorning(now: number): Date {
  const d = new Date(now);
  d.setUTCHours(9, 0, 0, 0);
  const daysToMonday = (8 - d.getUTCDay()) % 7;
  let at = d.getTime() + daysToMonday * DAY;
  if (at <= now) at += 7 * DAY;
  return new Date(at);
}

/**
 * Posts the weekly decision report every Monday at 09:00 UTC to `COUNTERSIGN_REPORT_CHANNEL`.
 * Create it with `slack trigger create --trigger-def triggers/weekly_report_schedule.ts`.
 */
const trigger: Trigger<typeof WeeklyReportWorkflow.definition> = {
  // String literal for TriggerTypes.Scheduled: the constant is not reachable offline.
  type: "scheduled",
  name: "Countersign weekly report",
  description: "Mondays 09:00 UTC: last week's decisions, rates and time to decision",
  workflow: `#/workflows/${WeeklyReportWorkflow.definition.callback_id}`,
  inputs: {},
  schedule: {
    start_time: nextMondayMorning(Date.now()).toISOString(),
    // Slack requires on_days for a weekly schedule (docs/slack_rules.md).
    frequency: { type: "weekly", repeats_every: 1, on_days: ["Monday"] },
  },
};

export default trigger;
