/**
 * Helpers for the sweep's tests: a pending approval of a registered service, its record and
 * thread, and the time at a share of its limit.
 *
 * @module
 */
import { SlackAPI } from "deno-slack-sdk/mod.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { Services } from "../../datastores/services.ts";
import type { DecisionRecord } from "../../lib/decision/mod.ts";
import { type Harness, startApproval, U, W } from "../request_approval/_testing.ts";

/** The secondary (escalation) user group. */
export const ESCALATION_GROUP = "S0ESCALATE1";
/** The pending request's time limit. */
export const LIMIT_MS = 3_600_000;

/** A pending approval (1 approval needed) of a registered service with an escalation group. */
export async function pendingApproval(escalation = true): Promise<Harness> {
  const h = await startApproval({
    approvals_required: 1,
    triggered_by: "someone@example.com",
    requested_at: Date.now(),
    timeout_seconds: LIMIT_MS / 1000,
  });
  h.platform.storage.putUsergroup({
    id: ESCALATION_GROUP,
    handle: "oncall-leads",
    name: "On-call leads",
    users: [U.carol],
  });
  h.platform.storage.putItem(Services.name, "deploy-bot", {
    id: "deploy-bot",
    approver_users: [U.dave],
    approver_usergroup: W.usergroupId,
    ...(escalation ? { escalation_usergroup: ESCALATION_GROUP } : {}),
  });
  return h;
}

/** The pending request's decision record. */
export const record = (h: Harness) =>
  h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1") as unknown as DecisionRecord;
/** The replies in the request's thread. */
export const replies = (h: Harness) =>
  h.platform.storage.listMessages(W.channelId).filter((m) => m.thread_ts === h.message()?.ts);
/** A Web API client of the harness's platform. */
export const clientOf = (h: Harness) => SlackAPI(h.platform.token, { slackApiUrl: h.platform.url });
/** The time at `share` of the pending record's time limit. */
export const at = (h: Harness, share: number) =>
  record(h).requested_at! + share * (record(h).expires_at! - record(h).requested_at!);
