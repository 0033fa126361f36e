import { assertEquals } from "@std/assert";
import { checkScheduledTrigger } from "./_schedule_rules.ts";

const NOW = Date.parse("2026-12-06T17:00:00Z");

async function triggerFiles(): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(new URL("./", import.meta.url))) {
    if (
      e.isFile && e.name.endsWith(".ts") && !e.name.endsWith("_test.ts") &&
      !e.name.startsWith("_") // private helpers, as the local platform skips them
    ) {
      names.push(e.name);
    }
  }
  return names.sort();
}

Deno.test("every scheduled trigger in triggers/ follows Slack's schedule rules", async () => {
  const problems: string[] = [];
  let scheduled = 0;
  for (const name of await triggerFiles()) {
    const trigger = (await import(`./${name}`)).default as Record<string, unknown>;
    if (trigger.type === "scheduled") scheduled++;
    for (const p of checkScheduledTrigger(trigger, Date.now())) problems.push(`${name}: ${p}`);
  }
  assertEquals(problems, []);
  assertEquals(scheduled, 2); // the expiry sweep and the weekly report
});

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
