/**
 * The approval step's answer when Slack rate-limits it past its time budget: the step completes
 * with outcome `overloaded`, so the record step writes `rejected` with reason `overloaded` (and
 * the detail: what Slack refused, retry after N s) and the bot is called back, instead of the run
 * failing with nothing recorded.
 *
 * @module
 */
import { overloadDetail, type SlackRateLimitedError } from "../_shared/slack_retry.ts";

/**
 * Copies (function events) that won the owner election (`_claim.ts`) in this process: only such
 * a copy may record an overloaded outcome under the request's id. Keyed by the handler's event
 * object, so nothing outlives the call.
 */
const owners = new WeakSet<object>();

/** Notes that the copy whose handler got `event` owns its request. */
export function noteOwner(event: object): void {
  owners.add(event);
}

/**
 * The approval step's outputs for an overloaded run: `overloaded` for the copy that owns the
 * request, `overloaded_unclaimed` for a copy that was rate-limited before it won the election. The
 * latter may be a duplicate whose twin owns (and later decides) the request, so the record step
 * records it under its own `rejected|…` id and never calls back: one request id never gets two
 * outcomes, even when Slack is too busy to tell who owns it.
 */
export function approvalOverloaded(
  error: SlackRateLimitedError,
  context: { event?: unknown } = {},
) {
  const owns = typeof context.event === "object" && context.event !== null &&
    owners.has(context.event);
  return {
    completed: true as const,
    outputs: {
      outcome: owns ? "overloaded" : "overloaded_unclaimed",
      decided_by: [] as string[],
      decided_at: Date.now(),
      denial_reason: overloadDetail(error),
    },
  };
}
