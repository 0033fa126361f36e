/**
 * The time window: a request's `timestamp` (Unix seconds) must be within
 * {@linkcode MAX_CLOCK_SKEW_MS} of the time it arrives, either way, both bounds included.
 * Both sides are compared in whole seconds: the arrival time is truncated to its Unix second,
 * so the window is exactly symmetric (`now - 300` and `now + 300` are both accepted,
 * `now - 301` and `now + 301` both refused).
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
 * Checks a validated timestamp (decimal Unix seconds) against `nowMs`, in whole seconds. The
 * bounds are inclusive: exactly 5 minutes off either way is still accepted.
 */
export function checkTimestamp(
  timestamp: string,
  nowMs: number,
  maxSkewMs: number = MAX_CLOCK_SKEW_MS,
): TimestampResult {
  const signed = Number(timestamp);
  const now = Math.floor(nowMs / 1000);
  const skewSeconds = Math.floor(maxSkewMs / 1000);
  if (!Number.isFinite(signed) || now - signed > skewSeconds) {
    const age = now - signed;
    return {
      ok: false,
      code: ReasonCode.stale_timestamp,
      detail: `Cannot accept timestamp "${timestamp}": signed ${age} s ago; ` +
        `the limit is ${skewSeconds} s (check the caller's clock, sign just before sending)`,
    };
  }
  if (signed - now > skewSeconds) {
    const ahead = signed - now;
    return {
      ok: false,
      code: ReasonCode.future_timestamp,
      detail: `Cannot accept timestamp "${timestamp}": ${ahead} s in the future; ` +
        `the limit is ${skewSeconds} s (check the caller's clock)`,
    };
  }
  return { ok: true };
}
