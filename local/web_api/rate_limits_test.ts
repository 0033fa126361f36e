import { assertEquals, assertStrictEquals } from "@std/assert";
import {
  budgetFor,
  createApiRateLimiter,
  rateLimitedResponse,
  TIER_PER_MINUTE,
} from "./rate_limits.ts";

Deno.test("tiers: the methods the app uses map to Slack's published tiers", () => {
  assertEquals(budgetFor("usergroups.users.list", {}).limit, 20);
  assertEquals(budgetFor("chat.update", {}).limit, 50);
  assertEquals(budgetFor("functions.completeSuccess", {}).limit, 50);
  assertEquals(budgetFor("apps.datastore.query", {}).limit, 100);
  assertEquals(budgetFor("users.info", {}).limit, 100);
  assertEquals(budgetFor("some.unknown", {}).limit, TIER_PER_MINUTE[3]);
  assertEquals(budgetFor("chat.postMessage", { channel: "C1" }), {
    key: "chat.postMessage:C1",
    limit: 1,
    windowMs: 1000,
  });
});

Deno.test("limiter: Tier 2 allows 20 calls a minute, then answers the seconds to wait", () => {
  let t = 1_000_000;
  const limiter = createApiRateLimiter(() => t);
  for (let i = 0; i < 20; i++) {
    assertStrictEquals(limiter.check("usergroups.users.list", {}), undefined);
    t += 1000;
  }
  // 20 s have passed since the first call: it leaves the window 40 s from now.
  assertEquals(limiter.check("usergroups.users.list", {}), 40);
  // Other methods have their own budget.
  assertStrictEquals(limiter.check("chat.update", {}), undefined);
  t += 40_000;
  assertStrictEquals(limiter.check("usergroups.users.list", {}), undefined);
  assertEquals(limiter.counts()["usergroups.users.list"], { allowed: 21, limited: 1 });
});

Deno.test("limiter: chat.postMessage is one per second per channel", () => {
  let t = 5_000;
  const limiter = createApiRateLimiter(() => t);
  assertStrictEquals(limiter.check("chat.postMessage", { channel: "C1" }), undefined);
  assertStrictEquals(limiter.check("chat.postMessage", { channel: "C2" }), undefined);
  assertEquals(limiter.check("chat.postMessage", { channel: "C1" }), 1);
  t += 1000;
  assertStrictEquals(limiter.check("chat.postMessage", { channel: "C1" }), undefined);
});

Deno.test("limiter: the 429 answer carries Retry-After and Slack's error", async () => {
  const res = rateLimitedResponse(7);
  assertEquals(res.status, 429);
  assertEquals(res.headers.get("retry-after"), "7");
  assertEquals(await res.json(), { ok: false, error: "ratelimited" });
});
