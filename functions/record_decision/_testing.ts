/**
 * Helpers for `record_decision`'s tests: the inputs of an approved human-path decision.
 *
 * @module
 */

/** The workflow's inputs for a request two approvers approved, with a callback URL. */
export const approved = {
  decision_id: "deploy-bot|r-1",
  verdict: "verified",
  effect: "require_approval",
  approval_outcome: "approved",
  decided_by: ["U0BOB000001", "U0DAVE00001"],
  decided_at: 61_000,
  requested_at: 1_000,
  service_id: "deploy-bot",
  request_id: "r-1",
  action: "deploy",
  resource: "api-server#152",
  environment: "production",
  reason: "hotfix",
  triggered_by: "carol",
  policy_name: "Production deploys",
  approvals_required: 2,
  message_channel: "C0APPROVALS",
  message_ts: "1.000001",
  has_callback: true,
  callback_url: "https://bot.example.com/cb",
};
