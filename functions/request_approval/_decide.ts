/**
 * The shared core of the Approve and Deny interactions: who may act, and deciding once. Every
 * decision reads the decision record first and goes ahead only when this execution owns the
 * request (its `approval_execution_id`: the copy that won the election in `_claim.ts`) and nothing
 * is noted on it yet; `functions.completeSuccess` then completes the owner's execution once, so of
 * two simultaneous deciders exactly one succeeds and the other is told the request was decided.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import type { DecisionRecord } from "../../lib/decision/mod.ts";
import { messageDigest } from "../../lib/audit/seen_digest.ts";
import { encodeGrant } from "../../lib/policy/scope.ts";
import { type ApprovalRequest, type DecidedView, outcomeBlocks, watcherNotice } from "./blocks.ts";
import {
  approvalChannel,
  type ApprovalInputs,
  decidedFromRecord,
  decisionIdFor,
  expiryFromInputs,
  type MessageRef,
  toApprovalRequest,
} from "./request.ts";
import { loadDecision, noteOutcome, q, recordRefusal, type RefusalReason, tell } from "./_slack.ts";
import { revokedClickRefusal } from "./revoke.ts";

/** What a click does: Approve, Deny (opens the form), or submitting the deny form. */
export type ClickAction = "approve" | "approve_submit" | "deny" | "deny_submit";

/** Everything an interaction handler needs about the request and the acting user. */
export interface Interaction {
  client: SlackAPIClient;
  inputs: ApprovalInputs;
  executionId: string;
  userId: string;
  decisionId: string;
  action: ClickAction;
  req: ApprovalRequest;
  /** The decision record as read for this interaction; undefined when missing or unreadable. */
  record?: DecisionRecord;
  /** Why the record could not be read, when it could not. */
  readError?: string;
  /** The approval message (from the record, else from the payload). */
  message?: MessageRef;
  /** Where to tell the user things (the message's channel). */
  channel: string;
  /** The handler's env (the app's signing key seals refused-click records). */
  env?: Record<string, string>;
  /** Digest of the approval message the user acted on (`lib/decision/seen.ts`), when known. */
  seen?: string;
}

/** Builds the interaction view from a payload's function data and the stored decision record. */
export async function loadInteraction(
  client: SlackAPIClient,
  inputs: ApprovalInputs,
  executionId: string,
  userId: string,
  action: ClickAction,
  fallback?: Partial<MessageRef>,
  env?: Record<string, string>,
): Promise<Interaction> {
  const decisionId = decisionIdFor(inputs, executionId);
  const loaded = await loadDecision(client, decisionId);
  if (!loaded.ok) console.warn(`request_approval: cannot read ${q(decisionId)}: ${loaded.error}`);
  const record = loaded.ok ? loaded.record : undefined;
  const owned = record?.approval_execution_id === executionId ? record : undefined;
  const channel = owned?.message_channel || fallback?.channel || approvalChannel(inputs);
  const ts = owned?.message_ts || fallback?.ts;
  return {
    client,
    inputs,
    executionId,
    userId,
    decisionId,
    action,
    req: {
      ...toApprovalRequest(inputs, decisionId, owned?.expires_at ?? expiryFromInputs(inputs)),
      ...(owned?.escalated_to ? { escalation_usergroup: owned.escalated_to } : {}),
    },
    record,
    readError: loaded.ok ? undefined : loaded.error,
    message: channel && ts ? { channel, ts } : undefined,
    channel,
    env,
  };
}

/** Whether the record lets this execution decide, and if not, why and what to tell the user. */
export type Standing =
  | { ok: true }
  | { ok: false; reason: RefusalReason; text: string; decided?: DecidedView };

/**
 * The decision rule every click obeys, read from the record: only the copy named in the record
 * (`approval_execution_id`) decides, and only while nothing is noted on it. A duplicate copy of
 * the request, a request still being set up, and a decided one are refused.
 */
export function standing(
  record: DecisionRecord | undefined,
  executionId: string,
  readError?: string,
): Standing {
  if (readError) {
    return {
      ok: false,
      reason: "record_unreadable",
      text: `Cannot check this request right now (${readError}); please try again.`,
    };
  }
  if (!record) {
    return {
      ok: false,
      reason: "not_ready",
      text: "This request is not open for decisions (it is still being set up, or this copy " +
        "of it is a duplicate); please try again in a moment.",
    };
  }
  if (record.approval_execution_id !== executionId) {
    return {
      ok: false,
      reason: "duplicate_copy",
      text: "This message belongs to a duplicate copy of the request; decide on the request's " +
        "own approval message.",
    };
  }
  const decided = decidedFromRecord(record);
  if (decided || record.status === "final") {
    return {
      ok: false,
      reason: "already_decided",
      text: "This request was already decided.",
      decided,
    };
  }
  return { ok: true };
}

/** Tells the user why their click was refused and records it (who, what, why). */
export async function refuse(it: Interaction, reason: RefusalReason, text: string) {
  console.warn(
    `request_approval: refused ${it.action} by ${q(it.userId)} on ${q(it.decisionId)}: ${reason}`,
  );
  await tell(it.client, it.channel, it.userId, text);
  await recordRefusal(it.client, it.env, {
    actor: it.userId,
    action: it.action,
    decision_id: it.decisionId,
    execution_id: it.executionId,
    reason,
    detail: text,
  });
}

/** Whether the request's time limit has passed. */
export function isExpired(it: Interaction, now: number): boolean {
  return !!it.req.expires_at && now > it.req.expires_at;
}

/**
 * Decides: reads the record again (it may have changed since the click began: another approver,
 * the sweep), goes ahead only if this execution still owns an undecided request, completes the
 * function, then (only if that won) notes the outcome on the record, updates the message in place
 * and posts the watcher notice. Returns whether this call decided.
 */
export async function decide(it: Interaction, d: DecidedView): Promise<boolean> {
  const { client } = it;
  const fresh = await loadDecision(client, it.decisionId);
  const now = standing(
    fresh.ok ? fresh.record : undefined,
    it.executionId,
    fresh.ok ? undefined : fresh.error,
  );
  if (!now.ok) {
    await refuse(it, now.reason, now.text);
    if (now.decided) await showOutcome(it, now.decided);
    return false;
  }
  const done = await client.functions.completeSuccess({
    function_execution_id: it.executionId,
    outputs: {
      outcome: d.outcome,
      decided_by: d.decided_by,
      denial_reason: d.denial_reason ?? "",
      approver_comment: d.outcome === "approved" ? d.approver_comment ?? "" : "",
      seen_digests: d.seen_digests ?? [],
      approval_scope: d.outcome === "approved" && d.scope ? encodeGrant(d.scope) : "",
      decided_at: d.decided_at,
      ...(it.message ? { message_channel: it.message.channel, message_ts: it.message.ts } : {}),
    },
  });
  if (!done.ok) {
    if (done.error === "execution_not_in_running_state") {
      await refuse(it, "already_decided", "This request was already decided.");
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
    ...(d.outcome === "approved" && d.approver_comment
      ? { approver_comment: d.approver_comment }
      : {}),
    ...(d.seen_digests?.length ? { seen_digests: d.seen_digests } : {}),
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

/** The parts of a block_actions body a click handler reads. */
export interface ClickBody {
  function_data: { execution_id: string };
  user: { id: string };
  container?: { channel_id?: string; message_ts?: string };
  /** The message as the user saw it when clicking (Slack sends it with every message click). */
  message?: { blocks?: unknown };
}

/**
 * The common opening of a decision: reads the record and returns the interaction, or `undefined`
 * when the click is already answered (refused and recorded: a duplicate copy, a request not set up
 * or already decided; or the time limit passed and the request is now expired).
 */
export async function openDecision(
  it: Interaction,
  now: number,
): Promise<Interaction | undefined> {
  const state = standing(it.record, it.executionId, it.readError);
  if (!state.ok) {
    await refuse(it, state.reason, state.text);
    // Repairs a message that still shows buttons although the request is decided.
    if (state.decided) await showOutcome(it, state.decided);
    return undefined;
  }
  // Revocation bites: a request ended from outside, or whose bot or key was revoked, is refused.
  const revoked = await revokedClickRefusal(it.client, it.decisionId, now);
  if (revoked) {
    await refuse(it, "revoked", revoked);
    return undefined;
  }
  if (isExpired(it, now)) {
    if (await decide(it, { outcome: "expired", decided_by: [], decided_at: now })) {
      await tell(it.client, it.channel, it.userId, "This request expired before it was decided.");
    }
    return undefined;
  }
  return it;
}

/** {@link loadInteraction} then {@link openDecision} for a button click. */
export async function openClick(
  client: SlackAPIClient,
  inputs: ApprovalInputs,
  body: ClickBody,
  now: number,
  action: ClickAction,
  env?: Record<string, string>,
): Promise<Interaction | undefined> {
  const it = await loadInteraction(
    client,
    inputs,
    body.function_data.execution_id,
    body.user.id,
    action,
    { channel: body.container?.channel_id, ts: body.container?.message_ts },
    env,
  );
  it.seen = messageDigest(body.message?.blocks);
  return await openDecision(it, now);
}
