/**
 * Slack's published Web API rate limits, enforced by the local platform when asked
 * (`startPlatform({ rateLimits: true })`, `deno task start --rate-limits`): each method belongs
 * to a tier with a per-minute budget per app and workspace, and `chat.postMessage` is limited to
 * about one message per second per channel. A call over its budget gets what Slack answers:
 * HTTP 429, `Retry-After: <seconds>` and `{"ok":false,"error":"ratelimited"}`.
 *
 * Slack allows short bursts above a tier's nominal rate; this model is a strict sliding window,
 * so it is a little stricter than Slack and the app's retries are exercised sooner, never later.
 * Calls are counted per method (per channel for chat.postMessage) before authentication: the
 * local platform serves one app, and only HTTP calls count, not the runtime's own in-process
 * completions (Slack's runtime has its own budget for those).
 *
 * @module
 */
import { SlidingWindow, tooManyRequests } from "../http/rate_limit.ts";

/** Slack's method tiers and their nominal calls per minute (Tier 1 is 1+/min). */
export const TIER_PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;

/** A tier number. */
export type Tier = keyof typeof TIER_PER_MINUTE;

/** chat.postMessage: messages per channel per second (Slack: "1 per second, short bursts"). */
export const POST_MESSAGE_PER_CHANNEL_PER_SECOND = 1;

/** Tier of an unlisted method: Tier 3 is Slack's most common one. */
export const DEFAULT_TIER: Tier = 3;

/**
 * The tiers of the methods Countersign and the local platform's apps use, from Slack's method
 * reference (see `/work/shared/slack-platform-notes.md`). The datastore methods are listed by
 * Slack at Tier 4 for `apps.datastore.query`; the others are taken to share it.
 */
export const METHOD_TIERS: Readonly<Record<string, Tier>> = {
  "chat.update": 3,
  "chat.postEphemeral": 4,
  "chat.delete": 3,
  "conversations.open": 3,
  "conversations.info": 3,
  "conversations.members": 4,
  "users.info": 4,
  "users.lookupByEmail": 3,
  "usergroups.users.list": 2,
  "views.open": 4,
  "views.update": 4,
  "views.push": 4,
  "functions.completeSuccess": 3,
  "functions.completeError": 3,
  "apps.datastore.get": 4,
  "apps.datastore.put": 4,
  "apps.datastore.update": 4,
  "apps.datastore.delete": 4,
  "apps.datastore.query": 4,
  "apps.datastore.count": 4,
  "apps.datastore.bulkGet": 4,
  "apps.datastore.bulkPut": 4,
  "apps.datastore.bulkDelete": 4,
  "workflows.triggers.create": 3,
  "workflows.triggers.list": 3,
  "workflows.triggers.update": 3,
  "workflows.triggers.delete": 3,
  "auth.test": 4,
};

/** The budget a call is counted against: `limit` calls per `windowMs`, under `key`. */
export interface Budget {
  key: string;
  limit: number;
  windowMs: number;
}

/** The budget of one call of `method` with `args` (the channel matters for chat.postMessage). */
export function budgetFor(method: string, args: Record<string, unknown>): Budget {
  if (method === "chat.postMessage") {
    return {
      key: `chat.postMessage:${String(args.channel ?? "")}`,
      limit: POST_MESSAGE_PER_CHANNEL_PER_SECOND,
      windowMs: 1000,
    };
  }
  const tier = Object.hasOwn(METHOD_TIERS, method) ? METHOD_TIERS[method] : DEFAULT_TIER;
  return { key: method, limit: TIER_PER_MINUTE[tier], windowMs: 60_000 };
}

/** Calls of one method: let through and refused (HTTP 429). */
export interface MethodCounts {
  allowed: number;
  limited: number;
}

/** A Web API rate limiter. */
export interface ApiRateLimiter {
  /**
   * Counts one call; returns undefined when it may proceed, else the seconds to put in
   * `Retry-After` (at least 1; Slack sends whole seconds).
   */
  check(method: string, args: Record<string, unknown>): number | undefined;
  /** Calls seen so far by method, for benchmarks and tests. */
  counts(): Record<string, MethodCounts>;
}

/** Creates a limiter with Slack's budgets; `now` is the clock in milliseconds. */
export function createApiRateLimiter(now: () => number = Date.now): ApiRateLimiter {
  const window = new SlidingWindow(now);
  const counts: Record<string, MethodCounts> = {};
  return {
    check(method, args) {
      const budget = budgetFor(method, args);
      const count = counts[method] ??= { allowed: 0, limited: 0 };
      const retryAfter = window.hit(budget.key, budget.limit, budget.windowMs);
      if (retryAfter === undefined) count.allowed++;
      else count.limited++;
      return retryAfter;
    },
    counts: () => structuredClone(counts),
  };
}

/** Slack's answer to a call over its budget. */
export function rateLimitedResponse(retryAfterSeconds: number): Response {
  return tooManyRequests(retryAfterSeconds, "ratelimited");
}
