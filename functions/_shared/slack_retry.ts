/**
 * Retries of Slack Web API calls that Slack rate-limited. The SDK's client throws on any non-2xx
 * answer; for HTTP 429 the thrown error carries `status` 429 and the response `headers`, whose
 * `Retry-After` says how many seconds to wait. A 429 means Slack did not run the call, so
 * repeating it is safe even for writes.
 *
 * Retries stay inside the handler's time budget: a wait that would end after the deadline is not
 * started, and the call fails at once with a clear error instead of being cut off by Slack's
 * function time limit (60 s for a function, a few seconds for an interactivity handler).
 *
 * @example
 * In a handler: `client = withSlackRetry(client);` and every call is retried on 429. Here with a
 * client whose first call Slack rate-limits, as the SDK's client reports it (a thrown error with
 * `status` 429 and the response headers):
 *
 * ```ts
 * import { assertEquals } from "@std/assert";
 *
 * let calls = 0;
 * const slack = {
 *   apiCall: (_method: string, args: { text: string }) =>
 *     ++calls === 1
 *       ? Promise.reject({ status: 429, headers: new Headers({ "retry-after": "1" }) })
 *       : Promise.resolve({ ok: true, text: args.text }),
 * };
 * const waits: number[] = [];
 * const client = withSlackRetry(slack, {
 *   jitterMs: 0,
 *   sleep: (ms) => Promise.resolve(void waits.push(ms)),
 * });
 * const answer = await client.apiCall("chat.postMessage", { text: "hi" });
 * assertEquals(answer, { ok: true, text: "hi" });
 * assertEquals([calls, waits], [2, [1000]]);
 * ```
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** Budget of a function handler: hosted Slack stops a function after 60 s; keep a margin. */
export const FUNCTION_BUDGET_MS = 45_000;
/** Budget of an interactivity handler (block_actions, view_submission): Slack allows ~10 s. */
export const INTERACTIVITY_BUDGET_MS = 8_000;
/**
 * Attempts per call, the first included. The time budget is the real bound: callers competing
 * for one budget (ten approval posts to one channel in the same second) each need a few turns.
 */
export const DEFAULT_MAX_ATTEMPTS = 30;
/** Random extra wait, up to this many ms, so competing retries do not all return at once. */
export const DEFAULT_JITTER_MS = 250;
/** Wait when a 429 comes without a usable Retry-After, in seconds. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** Options of {@linkcode withSlackRetry}. */
export interface SlackRetryOptions {
  /** Time budget in ms, counted from the wrap (default {@linkcode FUNCTION_BUDGET_MS}). */
  budgetMs?: number;
  /** Attempts per call including the first (default {@linkcode DEFAULT_MAX_ATTEMPTS}). */
  maxAttempts?: number;
  /** Random extra wait per retry, up to this many ms (default {@linkcode DEFAULT_JITTER_MS}). */
  jitterMs?: number;
  /** Clock in ms (tests). */
  now?: () => number;
  /** Waits `ms` (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Told about each retry (method, attempt just failed, wait in ms). */
  onRetry?: (method: string, attempt: number, waitMs: number) => void;
}

/**
 * The wait Slack asked for, in milliseconds, when `error` is the SDK's error for an HTTP 429;
 * undefined for any other error.
 */
export function rateLimitWaitMs(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { status, headers } = error as { status?: unknown; headers?: unknown };
  if (status !== 429) return undefined;
  // Duck-typed: the SDK's npm build uses undici's Headers, not the global class.
  const get = (headers as { get?: unknown } | undefined)?.get;
  const raw = typeof get === "function"
    ? (get.call(headers, "retry-after") as string | null)
    : null;
  const seconds = raw !== null && /^\d+(\.\d+)?$/.test(raw.trim())
    ? Number(raw)
    : DEFAULT_RETRY_AFTER_SECONDS;
  return Math.ceil(seconds * 1000);
}

/**
 * Thrown when Slack keeps rate-limiting a call beyond what the handler's budget allows: the
 * call was not run. `retryAfterSeconds` is what Slack last asked for. A handler catches it to end
 * its step with a recorded `overloaded` outcome instead of failing the run with nothing recorded
 * (e.g. `functions/request_approval/overloaded.ts`).
 */
export class SlackRateLimitedError extends Error {
  /** Creates the error for `method`. */
  constructor(
    message: string,
    readonly method: string,
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "SlackRateLimitedError";
  }
}

/** Per handler call: the first rate limit it gave up on, when run by {@linkcode overloadable}. */
const giveUps = new AsyncLocalStorage<{ error?: SlackRateLimitedError }>();

/**
 * A function module (what `SlackFunction` returns) whose main handler ends with
 * `fallback(error, context)` when Slack rate-limited one of its calls past the budget: whether
 * the handler let the {@linkcode SlackRateLimitedError} escape or caught it and returned
 * `{ error }` (as handlers that report every failed call do). Its fallback outputs lead to a
 * recorded `overloaded` outcome instead of a failed run with nothing recorded. Any other error or
 * result passes through; interactivity handlers (`blockActions`, …) are not wrapped.
 */
export function overloadable<T extends object>(
  module: T,
  fallback: (error: SlackRateLimitedError, context: Record<string, unknown>) => unknown,
): T {
  return new Proxy(module, {
    apply: async (target, thisArg, args) => {
      const seen: { error?: SlackRateLimitedError } = {};
      let result: unknown;
      try {
        result = await giveUps.run(
          seen,
          () => Reflect.apply(target as (...a: unknown[]) => unknown, thisArg, args),
        );
      } catch (error) {
        if (!(error instanceof SlackRateLimitedError)) throw error;
        seen.error ??= error;
      }
      const failed = result === undefined ||
        (typeof result === "object" && result !== null && "error" in result);
      if (!seen.error || !failed) return result;
      console.warn(`overloaded: ${seen.error.message}`);
      return fallback(seen.error, (args[0] ?? {}) as Record<string, unknown>);
    },
  });
}

/** The sentence recorded for an overloaded step: what Slack refused and when to retry. */
export function overloadDetail(error: SlackRateLimitedError): string {
  return `Slack rate-limited ${error.method} for longer than this step's time budget; ` +
    `retry after ${error.retryAfterSeconds} s with a new request_id`;
}

/** Notes `error` for the {@linkcode overloadable} call it happened in, then returns it. */
function gaveUp(error: SlackRateLimitedError): SlackRateLimitedError {
  const seen = giveUps.getStore();
  if (seen) seen.error ??= error;
  return error;
}

interface RetryContext {
  deadline: number;
  maxAttempts: number;
  jitterMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onRetry?: (method: string, attempt: number, waitMs: number) => void;
}

async function retrying(
  method: string,
  first: Promise<unknown>,
  again: () => unknown,
  ctx: RetryContext,
): Promise<unknown> {
  let pending = first;
  for (let attempt = 1;; attempt++) {
    try {
      return await pending;
    } catch (error) {
      const asked = rateLimitWaitMs(error);
      if (asked === undefined) throw error;
      const waitMs = asked + Math.floor(Math.random() * ctx.jitterMs);
      const retryAfter = Math.ceil(asked / 1000);
      if (attempt >= ctx.maxAttempts) {
        throw gaveUp(
          new SlackRateLimitedError(
            `Cannot call ${method}: Slack still rate-limits it after ${attempt} attempts`,
            method,
            retryAfter,
            { cause: error },
          ),
        );
      }
      const remaining = ctx.deadline - ctx.now();
      if (waitMs > remaining) {
        throw gaveUp(
          new SlackRateLimitedError(
            `Cannot call ${method}: Slack rate-limits it and asks to wait ${asked / 1000} s, ` +
              `longer than the ${Math.max(0, Math.floor(remaining))} ms left of the time budget`,
            method,
            retryAfter,
            { cause: error },
          ),
        );
      }
      ctx.onRetry?.(method, attempt, waitMs);
      await ctx.sleep(waitMs);
      pending = Promise.resolve().then(again);
    }
  }
}

function wrap(target: object, path: string[], ctx: RetryContext): unknown {
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop);
      // The SDK client is a tree of callable proxies (client.chat.postMessage); wrap each node.
      if (typeof prop === "string" && typeof value === "function") {
        return wrap(value, [...path, prop], ctx);
      }
      return value;
    },
    apply(fn, thisArg, args) {
      const call = () => Reflect.apply(fn as (...a: unknown[]) => unknown, thisArg, args);
      const first = call();
      if (!(first instanceof Promise)) return first;
      const last = path.at(-1);
      const method = last === "apiCall" && typeof args[0] === "string" ? args[0] : path.join(".");
      return retrying(method, first, call, ctx);
    },
  });
}

/**
 * Wraps a Slack API client (the handler's `client`) so that every call Slack answers with HTTP
 * 429 is repeated after `Retry-After`, while attempts and the time budget last. Other errors and
 * `ok: false` answers pass through unchanged. The wrapper has the client's type.
 */
export function withSlackRetry<T extends object>(client: T, opts: SlackRetryOptions = {}): T {
  const now = opts.now ?? Date.now;
  const ctx: RetryContext = {
    deadline: now() + (opts.budgetMs ?? FUNCTION_BUDGET_MS),
    maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    jitterMs: opts.jitterMs ?? DEFAULT_JITTER_MS,
    now,
    sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    onRetry: opts.onRetry,
  };
  return wrap(client, [], ctx) as T;
}
