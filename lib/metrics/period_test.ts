import { assertEquals, assertThrows } from "@std/assert";
import { eventTime, inPeriod, lastDays, parsePeriod, parseTime, periodLabel } from "./period.ts";

const NOW = Date.parse("2026-11-24T12:00:00Z");

Deno.test("parsePeriod defaults to the last seven days", () => {
  assertEquals(parsePeriod(undefined, undefined, NOW), lastDays(NOW, 7));
  assertEquals(parsePeriod(undefined, undefined, NOW).from, Date.parse("2026-11-17T12:00:00Z"));
});

Deno.test("a date-only --to includes that whole day; date-times and ms are exact", () => {
  const p = parsePeriod("2026-11-01", "2026-11-07", NOW);
  assertEquals(p, {
    from: Date.parse("2026-11-01T00:00:00Z"),
    to: Date.parse("2026-11-08T00:00:00Z"),
  });
  assertEquals(periodLabel(p), "2026-11-01 → 2026-11-08 UTC");
  assertEquals(parseTime("2026-11-01T10:30:00Z", "--from"), Date.parse("2026-11-01T10:30:00Z"));
  assertEquals(parseTime("1764000000000", "--from"), 1764000000000);
});

Deno.test("unreadable or inverted periods are refused with the value quoted", () => {
  assertThrows(() => parsePeriod("last week", undefined, NOW), Error, '--from "last week"');
  assertThrows(() => parsePeriod("2026-13-45", undefined, NOW), Error, "Cannot read period");
  assertThrows(() => parsePeriod("2026-11-08", "2026-11-01", NOW), Error, "is not before --to");
});

Deno.test("a decision falls in a period by request time, else decision time; [from, to)", () => {
  const p = { from: 100, to: 200 };
  assertEquals(inPeriod({ requested_at: 100 }, p), true);
  assertEquals(inPeriod({ requested_at: 200 }, p), false);
  assertEquals(inPeriod({ requested_at: 50, decided_at: 150 }, p), false);
  assertEquals(inPeriod({ decided_at: 150 }, p), true);
  assertEquals(Number.isNaN(eventTime({})), true);
  assertEquals(inPeriod({}, p), false);
});
