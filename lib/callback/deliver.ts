/**
 * Delivery of a signed callback with bounded retries. The HTTP call itself is the caller's
 * (`send`, the function's `fetch`): this module only decides when to try again.
 *
 * @module
 */

/** One prepared attempt: the body and headers to POST (signed fresh for each attempt). */
export interface PreparedRequest {
  body: string;
  headers: Record<string, string>;
}

/** Delivery options; the defaults keep the worst case (~12 s) under the local 15 s limit. */
export interface DeliverOptions {
  /** Attempts in total (default 3). */
  attempts?: number;
  /** Delay before the second attempt; doubles each time (default 500 ms → 0.5 s, 1 s). */
  baseDelayMs?: number;
  /** Time limit of one attempt (default 4 s). */
  attemptTimeoutMs?: number;
  /**
   * The signal that ends an attempt after `ms` (default `AbortSignal.timeout`): replaceable so
   * tests end an attempt on an event instead of racing the wall clock.
   */
  attemptSignal?: (ms: number) => AbortSignal;
  /** Time limit of the whole delivery including waits (default 12 s). */
  totalBudgetMs?: number;
  /** Waits between attempts (replaceable so callers can observe the backoff). */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for the total budget, Unix milliseconds (replaceable together with `sleep`). */
  now?: () => number;
}

/** Sends one HTTP request: `fetch`, passed in by the function that delivers. */
export type Send = (url: URL, init: RequestInit) => Promise<Response>;

/** Result of a delivery. `detail` is safe to record and show (no URL query, no body). */
export interface DeliveryResult {
  status: "delivered" | "failed";
  attempts: number;
  detail: string;
  /** The delays waited between attempts, in milliseconds. */
  delays: number[];
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether an HTTP status is worth retrying: rate limited or a server error. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** An error message without the URL (which may carry a secret token in its path or query). */
function describeError(error: unknown, url: URL): string {
  if (
    error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")
  ) {
    return "timed out";
  }
  let message = error instanceof Error ? error.message : String(error);
  // Some fetch implementations say only "fetch failed" and keep the reason in `cause`.
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause instanceof Error && cause.message) message += ` (${cause.message})`;
  // Keep only scheme://host:port of any URL in the message: paths and queries may hold tokens.
  const safe = message.split(url.href).join(url.origin).replace(
    /(https?:\/\/[^\s/)?#]+)[^\s)]*/g,
    "$1",
  );
  return `network error: ${safe.slice(0, 300)}`;
}

/**
 * POSTs the callback, retrying on network errors, timeouts, 429 and 5xx with exponential backoff.
 * Redirects are not followed (a redirect could lead outside the allowed domains).
 *
 * @param send makes one HTTP request (`fetch`)
 * @param url an already checked callback URL
 * @param prepare builds the signed request for attempt `n` (1-based)
 */
export async function deliverCallback(
  send: Send,
  url: URL,
  prepare: (attempt: number) => Promise<PreparedRequest>,
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const baseDelay = options.baseDelayMs ?? 500;
  const attemptTimeout = options.attemptTimeoutMs ?? 4_000;
  const budget = options.totalBudgetMs ?? 12_000;
  const sleep = options.sleep ?? wait;
  const now = options.now ?? Date.now;
  const attemptSignal = options.attemptSignal ?? AbortSignal.timeout;
  const started = now();
  const delays: number[] = [];
  let last = "";
  let made = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) {
      const delay = baseDelay * 2 ** (attempt - 2);
      if (now() - started + delay >= budget) break;
      delays.push(delay);
      await sleep(delay);
    }
    const remaining = budget - (now() - started);
    if (remaining <= 0) break;
    const { body, headers } = await prepare(attempt);
    made = attempt;
    try {
      const response = await send(url, {
        method: "POST",
        headers,
        body,
        redirect: "manual",
        signal: attemptSignal(Math.min(attemptTimeout, remaining)),
      });
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) {
        return {
          status: "delivered",
          attempts: attempt,
          detail: `HTTP ${response.status} on attempt ${attempt}`,
          delays,
        };
      }
      last = `HTTP ${response.status}`;
      if (!isRetryableStatus(response.status)) {
        return {
          status: "failed",
          attempts: attempt,
          detail: `Cannot deliver callback: ${last} (not retried)`,
          delays,
        };
      }
    } catch (error) {
      last = describeError(error, url);
    }
    if (attempt === attempts) {
      return {
        status: "failed",
        attempts: attempt,
        detail: `Cannot deliver callback: ${last} after ${attempt} attempts`,
        delays,
      };
    }
  }
  return {
    status: "failed",
    attempts: made,
    detail: `Cannot deliver callback: ${last} after ${made} attempts (time budget spent)`,
    delays,
  };
}
