import { assertEquals } from "@std/assert";
import { checkScheduledTrigger } from "./schedule_rules.ts";

const NOW = Date.parse("2026-12-06T17:00:00Z");

Deno.test("the schedule check refuses what Slack refuses", () => {
  const at = (frequency: Record<string, unknown>, start = "2026-12-07T09:00:00Z") =>
    checkScheduledTrigger({ type: "scheduled", schedule: { start_time: start, frequency } }, NOW);
  assertEquals(at({ type: "weekly", repeats_every: 1 }), ["a weekly schedule needs on_days"]);
  assertEquals(at({ type: "weekly", on_days: ["Monday"] }), []);
  assertEquals(at({ type: "weekly", on_days: ["monday"] }), [
    'on_days "monday" is not a weekday name',
  ]);
  assertEquals(at({ type: "minutely" }), [
    'frequency.type "minutely" is not one of once, hourly, daily, weekly, monthly, yearly',
  ]);
  assertEquals(at({ type: "daily", on_days: ["Monday"] }), [
    "frequency.on_days is not allowed for daily",
  ]);
  assertEquals(at({ type: "hourly", repeats_every: 0 }), [
    "frequency.repeats_every 0 is not a positive integer",
  ]);
  assertEquals(at({ type: "monthly", on_days: ["Monday", "Friday"], on_week_num: 5 }), [
    "a monthly schedule takes exactly one day in on_days",
    "frequency.on_week_num 5 is not 1–4 or -1",
  ]);
  assertEquals(at({ type: "hourly" }, "2026-12-06T16:00:00Z"), [
    "schedule.start_time is not in the future",
  ]);
  assertEquals(checkScheduledTrigger({ type: "webhook" }, NOW), []);
});
