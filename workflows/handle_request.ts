import { DefineWorkflow, Schema } from "deno-slack-sdk/mod.ts";
import { VerifyRequestFunction } from "../functions/verify_request/definition.ts";
import { EvaluatePolicyFunction } from "../functions/evaluate_policy/definition.ts";
import { RequestApprovalFunction } from "../functions/request_approval/definition.ts";
import { RecordDecisionFunction } from "../functions/record_decision/definition.ts";
import { NotifyCallerFunction } from "../functions/notify_caller/definition.ts";
import { AnnounceBreakGlassFunction } from "../functions/announce_break_glass/definition.ts";

const str = { type: Schema.types.string };

/**
 * Started by the webhook trigger with the caller's flat JSON body. Slack workflows cannot branch,
 * so every step receives the earlier verdict/effect and passes through when it has nothing to do:
 * an auto-decided or rejected request never touches chat.* methods.
 */
export const HandleRequestWorkflow = DefineWorkflow({
  callback_id: "handle_request",
  title: "Handle a bot request",
  description: "Verify, apply policy, ask humans when needed, record and notify the caller",
  input_parameters: {
    properties: {
      service_id: str,
      key_id: str,
      request_id: str,
      timestamp: str,
      action: str,
      resource: str,
      environment: str,
      reason: str,
      triggered_by: str,
      source_system: str,
      source_url: str,
      conditions: str,
      signature: str,
      oidc_token: str,
      withdraw: str,
      artifact_digest: str,
      break_glass: str,
    },
    required: [],
  },
});

const request = {
  service_id: HandleRequestWorkflow.inputs.service_id,
  request_id: HandleRequestWorkflow.inputs.request_id,
  action: HandleRequestWorkflow.inputs.action,
  resource: HandleRequestWorkflow.inputs.resource,
  environment: HandleRequestWorkflow.inputs.environment,
  reason: HandleRequestWorkflow.inputs.reason,
  triggered_by: HandleRequestWorkflow.inputs.triggered_by,
  source_system: HandleRequestWorkflow.inputs.source_system,
  source_url: HandleRequestWorkflow.inputs.source_url,
  conditions: HandleRequestWorkflow.inputs.conditions,
};

const verify = HandleRequestWorkflow.addStep(VerifyRequestFunction, {
  ...request,
  key_id: HandleRequestWorkflow.inputs.key_id,
  timestamp: HandleRequestWorkflow.inputs.timestamp,
  signature: HandleRequestWorkflow.inputs.signature,
  oidc_token: HandleRequestWorkflow.inputs.oidc_token,
  withdraw: HandleRequestWorkflow.inputs.withdraw,
  artifact_digest: HandleRequestWorkflow.inputs.artifact_digest,
  break_glass: HandleRequestWorkflow.inputs.break_glass,
});

const policy = HandleRequestWorkflow.addStep(EvaluatePolicyFunction, {
  verdict: verify.outputs.verdict,
  service_id: HandleRequestWorkflow.inputs.service_id,
  request_id: HandleRequestWorkflow.inputs.request_id,
  action: HandleRequestWorkflow.inputs.action,
  resource: HandleRequestWorkflow.inputs.resource,
  environment: HandleRequestWorkflow.inputs.environment,
  conditions: HandleRequestWorkflow.inputs.conditions,
  approvals_required: verify.outputs.approvals_required,
  verified_facts: verify.outputs.verified_facts,
  break_glass: verify.outputs.break_glass,
});

const approval = HandleRequestWorkflow.addStep(RequestApprovalFunction, {
  ...request,
  effect: policy.outputs.effect,
  decision_id: verify.outputs.decision_id,
  service_name: verify.outputs.service_name,
  service_owner: verify.outputs.service_owner,
  policy_name: policy.outputs.policy_name,
  policy_id: policy.outputs.policy_id,
  approvals_required: policy.outputs.approvals_required,
  approver_users: verify.outputs.approver_users,
  approver_usergroup: verify.outputs.approver_usergroup,
  approval_channel: verify.outputs.approval_channel,
  approver_groups: policy.outputs.approver_groups,
  groups_required: policy.outputs.groups_required,
  rule_approval_channel: policy.outputs.approval_channel,
  watcher_channel: verify.outputs.watcher_channel,
  timeout_seconds: verify.outputs.approval_timeout_seconds,
  requested_at: verify.outputs.requested_at,
  identity_method: verify.outputs.identity_method,
  verified_claims: verify.outputs.verified_claims,
  key_id: HandleRequestWorkflow.inputs.key_id,
  facts: policy.outputs.facts,
  policy_note: policy.outputs.policy_note,
});

const record = HandleRequestWorkflow.addStep(RecordDecisionFunction, {
  ...request,
  decision_id: verify.outputs.decision_id,
  verdict: verify.outputs.verdict,
  reason_code: verify.outputs.reason_code,
  reason_detail: verify.outputs.reason_detail,
  effect: policy.outputs.effect,
  policy_id: policy.outputs.policy_id,
  policy_name: policy.outputs.policy_name,
  approvals_required: policy.outputs.approvals_required,
  approver_groups: policy.outputs.approver_groups,
  groups_required: policy.outputs.groups_required,
  approval_outcome: approval.outputs.outcome,
  decided_by: approval.outputs.decided_by,
  denial_reason: approval.outputs.denial_reason,
  approver_comment: approval.outputs.approver_comment,
  decided_at: approval.outputs.decided_at,
  message_channel: approval.outputs.message_channel,
  message_ts: approval.outputs.message_ts,
  key_id: HandleRequestWorkflow.inputs.key_id,
  service_name: verify.outputs.service_name,
  service_owner: verify.outputs.service_owner,
  requested_at: verify.outputs.requested_at,
  has_callback: verify.outputs.signature_verified,
  callback_url: verify.outputs.callback_url,
  identity_method: verify.outputs.identity_method,
  verified_claims: verify.outputs.verified_claims,
  request_digest: verify.outputs.request_digest,
  artifact_digest: verify.outputs.artifact_digest,
  seen_digests: approval.outputs.seen_digests,
  approval_scope: approval.outputs.approval_scope,
  scoped_by: policy.outputs.scoped_by,
  facts: policy.outputs.facts,
  policy_note: policy.outputs.policy_note,
  break_glass: verify.outputs.break_glass,
});

// The record step names the record it wrote and the callback URL: a duplicate copy of a request
// is recorded under its own id and calls nobody back.
HandleRequestWorkflow.addStep(NotifyCallerFunction, {
  decision_id: record.outputs.decision_id,
  // From the record step: empty unless this run wrote the record and a callback is due (a
  // request closed by expiry or revocation is called back by its closer, once).
  callback_url: record.outputs.callback_url,
  service_id: HandleRequestWorkflow.inputs.service_id,
  request_id: HandleRequestWorkflow.inputs.request_id,
  outcome: record.outputs.outcome,
  reason_code: record.outputs.reason_code,
  record_json: record.outputs.record_json,
  decided_by: approval.outputs.decided_by,
  decided_at: record.outputs.decided_at,
  denial_reason: approval.outputs.denial_reason,
  approver_comment: approval.outputs.approver_comment,
});

// Break-glass only (any other decision passes through): the loud notice and the review thread,
// after the callback so that a Slack outage here never delays the caller's answer.
HandleRequestWorkflow.addStep(AnnounceBreakGlassFunction, {
  decision_id: record.outputs.decision_id,
  reason_code: record.outputs.reason_code,
  record_json: record.outputs.record_json,
  approval_channel: verify.outputs.approval_channel,
  watcher_channel: verify.outputs.watcher_channel,
  approver_users: verify.outputs.approver_users,
  approver_usergroup: verify.outputs.approver_usergroup,
});
