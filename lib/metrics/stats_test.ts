import { assertEquals, assertThrows } from "@std/assert";
import { durationStats, formatDuration, formatRate, percentile } from "./stats.ts";

Deno.test("percentile uses the nearest rank", () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  assertEquals(percentile(ten, 50), 5);
  assertEquals(percentile(ten, 90), 9);
  assertEquals(percentile(ten, 91), 10);
  assertEquals(percentile(ten, 100), 10);
  assertEquals(percentile([7], 50), 7);
  assertEquals(percentile([], 50), undefined);
  assertThrows(() => percentile(ten, 0), RangeError, 'p "0"');
  assertThrows(() => percentile(ten, 101), RangeError);
});

Deno.test("durationStats sorts, ignores unusable values and never invents a zero", () => {
  assertEquals(durationStats([30, 10, 20, Number.NaN, -5]), {
    count: 3,
    p50: 20,
    p90: 30,
    max: 30,
  });
  assertEquals(durationStats([]), { count: 0 });
});

Deno.test("durations and rates are formatted for people", () => {
  assertEquals(formatDuration(850), "850ms");
  assertEquals(formatDuration(42_000), "42s");
  assertEquals(formatDuration(190_000), "3m 10s");
  assertEquals(formatDuration(3_900_000), "1h 05m");
  assertEquals(formatDuration(2 * 86_400_000 + 3 * 3_600_000), "2d 3h");
  assertEquals(formatDuration(undefined), "–");
  assertEquals(formatRate(2 / 3), "66.7%");
  assertEquals(formatRate(undefined), "–");
});
