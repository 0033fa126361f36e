/**
 * The policy step's answer when Slack rate-limits its policy read past its time budget: effect
 * `overloaded`, which the record step writes as `rejected` with reason `overloaded` (and the bot
 * is called back), instead of a failed run with nothing recorded.
 *
 * @module
 */
import { overloadDetail, type SlackRateLimitedError } from "../_shared/slack_retry.ts";

/** The policy step's outputs for an overloaded run. */
export function policyOverloaded(error: SlackRateLimitedError) {
  return {
    outputs: {
      effect: "overloaded",
      policy_id: "",
      policy_name: "",
      approvals_required: 0,
      explanation: overloadDetail(error),
    },
  };
}
