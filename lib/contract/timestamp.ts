/**
 * The time window: a request's `timestamp` (Unix seconds) must be within
 * {@linkcode MAX_CLOCK_SKEW_MS} of the time it arrives, either way.
 *
 * @module
 */
import { MAX_CLOCK_SKEW_MS } from "../config.ts";
import { ReasonCode } from "./reason_codes.ts";

/** Result of {@linkcode checkTimestamp}. */
export type TimestampResult =
  | { ok: true }
  | {
    ok: false;
    code: typeof ReasonCode.stale_timestamp | typeof ReasonCode.future_timestamp;
    detail: string;
  };

/**
 * Checks a validated timestamp (decimal Unix seconds) against `nowMs`. The bounds are inclusive:
 * exactly 5 minutes off is still accepted.
 */
export function checkTimestamp(
  timestamp: string,
  nowMs: number,
  maxSkewMs: number = MAX_CLOCK_SKEW_MS,
): TimestampResult {
  const signedMs = Number(timestamp) * 1000;
  const skewSeconds = Math.round(maxSkewMs / 1000);
  if (!Number.isFinite(signedMs) || nowMs - signedMs > maxSkewMs) {
    const age = Math.round((nowMs - signedMs) / 1000);
    return {
      ok: false,
      code: ReasonCode.stale_timestamp,
      detail: `Cannot accept timestamp "${timestamp}": signed ${age} s ago; ` +
        `the limit is ${skewSeconds} s (check the caller's clock, sign just before sending)`,
    };
  }
  if (signedMs - nowMs > maxSkewMs) {
    const ahead = Math.round((signedMs - nowMs) / 1000);
    return {
      ok: false,
      code: ReasonCode.future_timestamp,
      detail: `Cannot accept timestamp "${timestamp}": ${ahead} s in the future; ` +
        `the limit is ${skewSeconds} s (check the caller's clock)`,
    };
  }
  return { ok: true };
}
