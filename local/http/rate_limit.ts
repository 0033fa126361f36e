/**
 * The platform's one rate limiter: a sliding window per key, used for webhook triggers (Slack's
 * 10 requests per trigger per minute) and for the Web API's tiers (`web_api/rate_limits.ts`).
 *
 * @module
 */

/** Counts hits per key within a sliding window; `now` is the clock in milliseconds. */
export class SlidingWindow {
  #hits = new Map<string, number[]>();
  #now: () => number;

  /** Creates an empty window set reading time from `now`. */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /**
   * Counts one hit under `key` when fewer than `limit` happened in the last `windowMs`; returns
   * undefined then, else the whole seconds (at least 1) until a hit would be allowed.
   */
  hit(key: string, limit: number, windowMs: number): number | undefined {
    const t = this.#now();
    const recent = (this.#hits.get(key) ?? []).filter((at) => at > t - windowMs);
    this.#hits.set(key, recent);
    if (recent.length >= limit) return Math.max(1, Math.ceil((recent[0] + windowMs - t) / 1000));
    recent.push(t);
    return undefined;
  }
}

/** Answers a request over its budget: HTTP 429 with `Retry-After` and Slack's error code. */
export function tooManyRequests(retryAfterSeconds: number, error: string): Response {
  return new Response(JSON.stringify({ ok: false, error }), {
    status: 429,
    headers: { "content-type": "application/json", "retry-after": String(retryAfterSeconds) },
  });
}
