/**
 * The verify step's answer when Slack rate-limits its reads past its time budget: the request is
 * rejected with reason `overloaded` (under a `rejected|<execution>` id, so the same request_id
 * stays free), and the run goes on to record it instead of failing with nothing recorded.
 *
 * @module
 */
import { overloadDetail, type SlackRateLimitedError } from "../_shared/slack_retry.ts";
import { rejectedDecisionId } from "./checks.ts";

/** The verify step's outputs for an overloaded run (`context`: the runtime's function context). */
export function verifyOverloaded(error: SlackRateLimitedError, context: Record<string, unknown>) {
  const now = Date.now();
  const event = context.event as { function_execution_id?: string } | undefined;
  return {
    outputs: {
      verdict: "rejected",
      decision_id: rejectedDecisionId(event?.function_execution_id ?? `unknown-${now}`),
      reason_code: "overloaded",
      reason_detail: overloadDetail(error),
      signature_verified: false,
      requested_at: now,
    },
  };
}
