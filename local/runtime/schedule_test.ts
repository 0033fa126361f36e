import { assertEquals } from "@std/assert";
import { nextOccurrence } from "./schedule.ts";

const T0 = Date.parse("2026-01-01T10:00:00Z");
const H = 3_600_000;

Deno.test("a one-off schedule fires once, at its start time", () => {
  const once = { start_time: "2026-01-01T10:00:00Z" };
  assertEquals(nextOccurrence(once, T0 - 1), T0);
  assertEquals(nextOccurrence(once, T0), undefined);
  assertEquals(nextOccurrence({ start_time: "not a date" }, 0), undefined);
});

Deno.test("hourly and daily schedules step by repeats_every from the start", () => {
  const hourly = {
    start_time: "2026-01-01T10:00:00Z",
    frequency: { type: "hourly", repeats_every: 2 },
  };
  assertEquals(nextOccurrence(hourly, T0 - 1), T0);
  assertEquals(nextOccurrence(hourly, T0), T0 + 2 * H);
  assertEquals(nextOccurrence(hourly, T0 + 5 * H), T0 + 6 * H);
  const daily = { start_time: "2026-01-01T10:00:00Z", frequency: { type: "daily" } };
  assertEquals(nextOccurrence(daily, T0 + 1), T0 + 24 * H);
});

Deno.test("end_time and occurrence_count stop a schedule; months step by calendar", () => {
  const limited = {
    start_time: "2026-01-01T10:00:00Z",
    occurrence_count: 2,
    frequency: { type: "hourly" },
  };
  assertEquals(nextOccurrence(limited, T0), T0 + H);
  assertEquals(nextOccurrence(limited, T0 + H), undefined);
  const ended = { ...limited, occurrence_count: undefined, end_time: "2026-01-01T11:30:00Z" };
  assertEquals(nextOccurrence(ended, T0 + H), undefined);
  const monthly = { start_time: "2026-01-15T10:00:00Z", frequency: { type: "monthly" } };
  assertEquals(
    new Date(nextOccurrence(monthly, Date.parse("2026-02-01T00:00:00Z"))!).toISOString(),
    "2026-02-15T10:00:00.000Z",
  );
});
