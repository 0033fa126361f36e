/**
 * The shared core of the Approve and Deny interactions: who may act, and completing the function
 * exactly once. `functions.completeSuccess` is the atomic guard: Slack moves an execution out of
 * `running` once, so of two simultaneous deciders exactly one succeeds and the other is told the
 * request was already decided.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { isApprover, isRequester } from "../../lib/decision/mod.ts";
import { isUserId } from "../../lib/render/mod.ts";
import { type ApprovalRequest, type DecidedView, outcomeBlocks, watcherNotice } from "./blocks.ts";
import {
  type ApprovalInputs,
  approvalsRequired,
  decidedFromRecord,
  decisionIdFor,
  expiryFromInputs,
  type MessageRef,
  toApprovalRequest,
} from "./request.ts";
import { groupMembers, loadDecision, noteOutcome, q, tell, userIdentity } from "./_slack.ts";
import { revokedClickRefusal } from "./revoke.ts";

/** Everything an interaction handler needs about the request and the acting user. */
export interface Interaction {
  client: SlackAPIClient;
  inputs: ApprovalInputs;
  executionId: string;
  userId: string;
  decisionId: string;
  req: ApprovalRequest;
  /** The approval message (from the record, else from the payload). */
  message?: MessageRef;
  /** Where to tell the user things (the message's channel). */
  channel: string;
  /** The outcome already noted on the record, when someone decided before this interaction. */
  decided?: DecidedView;
}

/** Builds the interaction view from a payload's function data and the stored pending record. */
export async function loadInteraction(
  client: SlackAPIClient,
  inputs: ApprovalInputs,
  executionId: string,
  userId: string,
  fallback?: Partial<MessageRef>,
  readRecord = true,
): Promise<Interaction> {
  const decisionId = decisionIdFor(inputs, executionId);
  const loaded = readRecord ? await loadDecision(client, decisionId) : { ok: true as const };
  if (!loaded.ok) console.warn(`request_approval: cannot read ${q(decisionId)}: ${loaded.error}`);
  const record = loaded.ok ? loaded.record : undefined;
  const channel = record?.message_channel || fallback?.channel || inputs.approval_channel || "";
  const ts = record?.message_ts || fallback?.ts;
  return {
    client,
    inputs,
    executionId,
    userId,
    decisionId,
    req: {
      ...toApprovalRequest(inputs, decisionId, record?.expires_at ?? expiryFromInputs(inputs)),
      ...(record?.escalated_to ? { escalation_usergroup: record.escalated_to } : {}),
    },
    message: channel && ts ? { channel, ts } : undefined,
    channel,
    decided: record ? decidedFromRecord(record) : undefined,
  };
}

/** Result of an authorization check: allowed, or refused with the text shown to the user. */
export type Authorization =
  | { ok: true; eligible: (userId: string) => boolean }
  | { ok: false; text: string };

/**
 * Checks that the user may act: a listed approver or approver-group member; for approvals, also
 * not the human who triggered the request. Refusals are logged (ids only, no secrets).
 */
export async function authorize(it: Interaction, forApproval: boolean): Promise<Authorization> {
  const verb = forApproval ? "approve" : "deny";
  // A listed approver deciding alone (one approval needed) needs no group lookup: it would only
  // spend a Tier 2 call (20 a minute). With N > 1 the groups are read to count others' votes.
  const alone = it.req.approver_users.includes(it.userId) && it.req.approvals_required <= 1;
  const none = { ok: true as const, users: [] as string[] };
  const group = alone ? none : await groupMembers(it.client, it.req.approver_usergroup);
  if (!group.ok) {
    console.warn(
      `request_approval: usergroups.users.list failed for ${q(it.decisionId)}: ${group.error}`,
    );
  }
  // After an escalation the secondary group's members are approvers too; if that lookup fails
  // they are simply not (yet) recognised, which fails closed.
  const escalation = alone ? none : await groupMembers(it.client, it.req.escalation_usergroup);
  const approvers = {
    users: [...it.req.approver_users, ...(escalation.ok ? escalation.users : [])],
    groupMembers: group.ok ? group.users : [],
  };
  const refuse = (why: string, text: string): Authorization => {
    console.warn(
      `request_approval: refused ${verb} by ${q(it.userId)} on ${q(it.decisionId)}: ${why}`,
    );
    return { ok: false, text };
  };
  if (!isApprover(it.userId, approvers)) {
    const text = group.ok
      ? "You are not an approver for this request, so you cannot act on it."
      : "Cannot check your approver group membership right now; please try again.";
    return refuse(group.ok ? "not an approver" : "group lookup failed", text);
  }
  const triggeredBy = it.inputs.triggered_by ?? "";
  if (forApproval && triggeredBy) {
    if (isUserId(triggeredBy)) {
      if (triggeredBy === it.userId) {
        return refuse("requester", "You triggered this request, so you cannot approve it.");
      }
    } else {
      const identity = await userIdentity(it.client, it.userId);
      // Fail closed: without the user's identity we cannot rule out self-approval.
      if (!identity) {
        return refuse("users.info failed", "Cannot check who you are right now; please try again.");
      }
      if (isRequester(triggeredBy, identity)) {
        return refuse("requester", "You triggered this request, so you cannot approve it.");
      }
    }
  }
  const requester = isUserId(triggeredBy) ? triggeredBy : "";
  return {
    ok: true,
    eligible: (u) => isApprover(u, approvers) && u !== requester,
  };
}

/**
 * Stops an interaction on a request that is already decided (a cheap early answer; the
 * completion guard in {@link decide} is what makes a second decision impossible).
 */
export async function alreadyDecided(it: Interaction): Promise<boolean> {
  if (!it.decided) return false;
  await tell(it.client, it.channel, it.userId, "This request was already decided.");
  return true;
}

/** Whether the request's time limit has passed. */
export function isExpired(it: Interaction, now: number): boolean {
  return !!it.req.expires_at && now > it.req.expires_at;
}

/**
 * Completes the function with a human outcome, then (only if this call won) updates the record,
 * the message in place and the watcher channel. Returns whether this call decided.
 */
export async function decide(it: Interaction, d: DecidedView): Promise<boolean> {
  const { client } = it;
  const done = await client.functions.completeSuccess({
    function_execution_id: it.executionId,
    outputs: {
      outcome: d.outcome,
      decided_by: d.decided_by,
      denial_reason: d.denial_reason ?? "",
      decided_at: d.decided_at,
      ...(it.message ? { message_channel: it.message.channel, message_ts: it.message.ts } : {}),
    },
  });
  if (!done.ok) {
    if (done.error === "execution_not_in_running_state") {
      await tell(client, it.channel, it.userId, "This request was already decided.");
    } else {
      console.error(
        `request_approval: completeSuccess failed for ${q(it.decisionId)}: ${done.error}`,
      );
      await tell(client, it.channel, it.userId, `Cannot record your decision: ${done.error}`);
    }
    return false;
  }
  await noteOutcome(client, it.decisionId, {
    outcome: d.outcome,
    decided_by: d.decided_by,
    decided_at: d.decided_at,
    ...(d.denial_reason ? { denial_reason: d.denial_reason } : {}),
  });
  await showOutcome(it, d);
  const watcher = it.inputs.watcher_channel;
  if (watcher) {
    const res = await client.chat.postMessage({ channel: watcher, text: watcherNotice(it.req, d) });
    if (!res.ok) console.warn(`request_approval: watcher notice failed: ${res.error}`);
  }
  return true;
}

/** Replaces the approval message with the outcome (no buttons). */
export async function showOutcome(it: Interaction, d: DecidedView) {
  if (!it.message) return;
  const res = await it.client.chat.update({
    channel: it.message.channel,
    ts: it.message.ts,
    text: watcherNotice(it.req, d),
    blocks: outcomeBlocks(it.req, d),
  });
  if (!res.ok) {
    console.warn(`request_approval: chat.update failed for ${q(it.decisionId)}: ${res.error}`);
  }
}

/**
 * Whether a click needs the pending record. A listed approver deciding alone does not: being
 * listed makes them eligible whatever the sweep escalated to, the time limit comes from the
 * inputs, the message from the click, and a request decided meanwhile is refused by the completion
 * guard ("already decided"). That saves a Tier 3 read on the commonest approval. Everyone else
 * needs it: group members may be eligible only through an escalation the record holds.
 */
export function needsRecord(inputs: ApprovalInputs, body: ClickBody): boolean {
  const listed = (inputs.approver_users ?? []).includes(body.user.id);
  const alone = approvalsRequired(inputs) <= 1;
  const located = !!body.container?.channel_id && !!body.container?.message_ts;
  return !(listed && alone && located && expiryFromInputs(inputs) !== undefined);
}

/** The parts of a block_actions body a click handler reads. */
export interface ClickBody {
  function_data: { execution_id: string };
  user: { id: string };
  container?: { channel_id?: string; message_ts?: string };
}

/**
 * The common opening of an Approve or Deny click: the interaction, or `undefined` when the click
 * is already answered (the request was decided, or its time limit passed and it is now expired).
 */
export async function openClick(
  client: SlackAPIClient,
  inputs: ApprovalInputs,
  body: ClickBody,
  now: number,
  readRecord = true,
): Promise<Interaction | undefined> {
  const it = await loadInteraction(
    client,
    inputs,
    body.function_data.execution_id,
    body.user.id,
    { channel: body.container?.channel_id, ts: body.container?.message_ts },
    readRecord,
  );
  if (await alreadyDecided(it)) return undefined;
  // Revocation bites: a request ended from outside, or whose bot or key was revoked, is refused.
  const revoked = await revokedClickRefusal(client, it.decisionId, now);
  if (revoked) return void await tell(client, it.channel, it.userId, revoked);
  if (isExpired(it, now)) {
    await decide(it, { outcome: "expired", decided_by: [], decided_at: now });
    await tell(client, it.channel, it.userId, "This request expired before it was decided.");
    return undefined;
  }
  return it;
}
