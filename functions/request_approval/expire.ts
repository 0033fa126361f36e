/**
 * Expiry of a pending approval from outside the function (e.g. a scheduled sweep): Slack never
 * wakes an incomplete function when its time limit passes, so something must complete it. The
 * pending record stores the execution id for exactly this.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import type { DecisionRecord } from "../../lib/decision/mod.ts";
import { type ApprovalRequest, type DecidedView, outcomeBlocks, watcherNotice } from "./blocks.ts";
import { noteOutcome, q } from "./_slack.ts";
import { decodeAttribution } from "../../lib/oidc/attribution.ts";

/** Result of {@link expireDecision}. */
export type ExpireResult =
  | "expired"
  /** Not pending, no execution id, or its time limit has not passed. */
  | "not_due"
  /** Someone decided first (`execution_not_in_running_state`). */
  | "already_decided"
  /** Any other Slack error, logged. */
  | "error";

/** The message view of a stored pending record. */
export function requestFromRecord(record: DecisionRecord): ApprovalRequest {
  return {
    decision_id: record.id,
    service_id: record.service_id,
    service_name: record.service_name,
    service_owner: record.service_owner,
    triggered_by: record.triggered_by,
    source_system: record.source_system,
    source_url: record.source_url,
    reason: record.reason,
    action: record.action,
    resource: record.resource,
    environment: record.environment,
    policy_name: record.policy_name,
    approvals_required: record.approvals_required ?? 1,
    approver_users: [],
    expires_at: record.expires_at,
    identity_method: record.identity_method,
    verified: decodeAttribution(record.verified_claims),
  };
}

/** Whether a record is a pending approval whose time limit has passed at `now`. */
export function isDue(record: DecisionRecord, now: number): boolean {
  return record.status === "pending" && !record.outcome && !!record.approval_execution_id &&
    !!record.expires_at && now > record.expires_at;
}

/**
 * Completes a due pending approval with outcome `expired` (the completion is the same atomic
 * guard the buttons use, so a last-second click and the sweep cannot both decide), then notes
 * the outcome on the record and replaces the message's buttons with the outcome.
 */
export async function expireDecision(
  client: SlackAPIClient,
  record: DecisionRecord,
  now: number,
): Promise<ExpireResult> {
  if (!isDue(record, now)) return "not_due";
  const d: DecidedView = { outcome: "expired", decided_by: [], decided_at: now };
  const done = await client.functions.completeSuccess({
    function_execution_id: record.approval_execution_id!,
    outputs: {
      outcome: d.outcome,
      decided_by: d.decided_by,
      decided_at: d.decided_at,
      denial_reason: "",
      ...(record.message_channel && record.message_ts
        ? { message_channel: record.message_channel, message_ts: record.message_ts }
        : {}),
    },
  });
  if (!done.ok) {
    if (done.error === "execution_not_in_running_state") return "already_decided";
    console.error(`request_approval: cannot expire ${q(record.id)}: ${done.error}`);
    return "error";
  }
  await noteOutcome(client, record.id, d);
  if (record.message_channel && record.message_ts) {
    const req = requestFromRecord(record);
    const res = await client.chat.update({
      channel: record.message_channel,
      ts: record.message_ts,
      text: watcherNotice(req, d),
      blocks: outcomeBlocks(req, d),
    });
    if (!res.ok) {
      console.warn(`request_approval: chat.update failed for ${q(record.id)}: ${res.error}`);
    }
  }
  return "expired";
}
