import { assertEquals, assertStringIncludes } from "@std/assert";
import { MAX_CLOCK_SKEW_MS } from "../config.ts";
import { checkTimestamp } from "./timestamp.ts";

const NOW = 1_700_000_000_000;
const seconds = (ms: number) => String(Math.floor(ms / 1000));

Deno.test("timestamps within ±5 minutes are accepted, bounds included", () => {
  assertEquals(MAX_CLOCK_SKEW_MS, 300_000);
  for (const offset of [0, -300_000, 300_000, -299_000, 120_000]) {
    assertEquals(checkTimestamp(seconds(NOW + offset), NOW), { ok: true }, String(offset));
  }
});

Deno.test("older than 5 minutes is stale_timestamp", () => {
  const result = checkTimestamp(seconds(NOW - 301_000), NOW);
  assertEquals(result.ok ? "" : result.code, "stale_timestamp");
  assertStringIncludes(result.ok ? "" : result.detail, "signed 301 s ago");
  const ancient = checkTimestamp("0", NOW);
  assertEquals(ancient.ok ? "" : ancient.code, "stale_timestamp");
});

Deno.test("more than 5 minutes ahead is future_timestamp", () => {
  const result = checkTimestamp(seconds(NOW + 301_000), NOW);
  assertEquals(result.ok ? "" : result.code, "future_timestamp");
  assertStringIncludes(result.ok ? "" : result.detail, "301 s in the future");
  const far = checkTimestamp("999999999999", NOW);
  assertEquals(far.ok ? "" : far.code, "future_timestamp");
});

Deno.test("the window is symmetric at any fraction of a second: now±300 s in, now±301 s out", () => {
  // Finding 6: seconds were compared with the arrival in milliseconds, so at 999 ms past the
  // second now−300 was refused while now+300 passed.
  for (const fraction of [0, 1, 500, 999]) {
    const now = NOW + fraction;
    const at = (offset: number) => checkTimestamp(String(NOW / 1000 + offset), now);
    assertEquals(at(-300), { ok: true }, `now-300 at +${fraction} ms`);
    assertEquals(at(300), { ok: true }, `now+300 at +${fraction} ms`);
    const early = at(-301);
    const late = at(301);
    assertEquals(early.ok ? "" : early.code, "stale_timestamp", `now-301 at +${fraction} ms`);
    assertEquals(late.ok ? "" : late.code, "future_timestamp", `now+301 at +${fraction} ms`);
  }
});
