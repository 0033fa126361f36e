/**
 * The approval step's answer when Slack rate-limits it past its time budget: the step completes
 * with outcome `overloaded`, so the record step writes `rejected` with reason `overloaded` (and
 * the detail: what Slack refused, retry after N s) and the bot is called back, instead of the run
 * failing with nothing recorded.
 *
 * @module
 */
import { overloadDetail, type SlackRateLimitedError } from "../../lib/slack_retry.ts";

/** The approval step's outputs for an overloaded run. */
export function approvalOverloaded(error: SlackRateLimitedError) {
  return {
    completed: true as const,
    outputs: {
      outcome: "overloaded",
      decided_by: [] as string[],
      decided_at: Date.now(),
      denial_reason: overloadDetail(error),
    },
  };
}
