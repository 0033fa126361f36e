import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { INTERACTIVITY_BUDGET_MS, overloadable, withSlackRetry } from "../../lib/slack_retry.ts";
import { RequestApprovalFunction } from "./definition.ts";
import { approvalOverloaded, noteOwner } from "./overloaded.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { buildPendingRecord, tallyVotes, voteId, withOwnVote } from "../../lib/decision/mod.ts";
import { stripControl } from "../../lib/render/mod.ts";
import {
  decisionModal,
  MODAL_FORMS,
  type ModalKind,
  requestBlocks,
  requestText,
} from "./blocks.ts";
import {
  APPROVE_ACTION_ID,
  APPROVE_COMMENT_ACTION_ID,
  APPROVE_COMMENT_MAX,
  APPROVE_MODAL_CALLBACK_ID,
  DENY_ACTION_ID,
  DENY_MODAL_CALLBACK_ID,
} from "./constants.ts";
import {
  decidedFromRecord,
  decisionIdFor,
  decodeMessageRef,
  encodeMessageRef,
  expiryFromInputs,
  needsHumans,
  timeoutMs,
  toApprovalRequest,
} from "./request.ts";
import { authorize } from "./_authorize.ts";
import type { Interaction } from "./_decide.ts";
import type { Vote } from "../../lib/decision/mod.ts";
import {
  decide,
  loadInteraction,
  openClick,
  openDecision,
  refuse,
  showOutcome,
} from "./_decide.ts";
import { elect } from "./_claim.ts";
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import {
  claimRegisters,
  groupMembers,
  listVotes,
  loadDecision,
  putVote,
  q,
  tell,
} from "./_slack.ts";

const approval = SlackFunction(RequestApprovalFunction, async ({ inputs, client, event }) => {
  client = withSlackRetry(client);
  const executionId = event.function_execution_id;
  const decisionId = decisionIdFor(inputs, executionId);
  // Auto-decided and rejected requests pass through without any Slack call.
  if (!needsHumans(inputs.effect)) return { completed: true, outputs: { outcome: "" } };

  const now = Date.now();
  const expiresAt = expiryFromInputs(inputs) ?? now + timeoutMs(inputs.timeout_seconds);
  const req = toApprovalRequest(inputs, decisionId, expiresAt);
  // Fail closed: a request nobody can approve is denied at once, with the reason recorded.
  const cannot = (why: string) => {
    console.warn(`request_approval: ${q(decisionId)}: ${why}`);
    return {
      completed: true as const,
      outputs: {
        outcome: "denied",
        decided_by: [] as string[],
        decided_at: now,
        denial_reason: why,
      },
    };
  };
  // A duplicate copy of the request ends as a replay: the record step records it under its own
  // `rejected|…` id and the caller gets no callback for it, so it can neither overwrite nor
  // contradict the request's one decision.
  const replayed = (why: string) => {
    console.warn(`request_approval: ${q(decisionId)}: duplicate copy ${q(executionId)}: ${why}`);
    return {
      completed: true as const,
      outputs: {
        outcome: "replayed",
        decided_by: [] as string[],
        decided_at: now,
      },
    };
  };

  // One owner per request id, before anything is decided or posted (a fail-closed denial too):
  // a copy arriving once the record exists is a replay (one read); copies arriving together elect
  // one owner, so a duplicate never shows buttons nor records (see _claim.ts for what is
  // guaranteed).
  const earlier = await loadDecision(client, decisionId);
  if (!earlier.ok) {
    return { error: `Cannot request approval: datastore get failed (${earlier.error})` };
  }
  if (earlier.record) return replayed("a record with this id exists");
  let election;
  try {
    election = await elect(claimRegisters(client, decisionId), decisionId, executionId);
  } catch (err) {
    return { error: `Cannot request approval: ${err instanceof Error ? err.message : err}` };
  }
  if (!election.owner) {
    return replayed(`another copy owns the request (election: ${election.rounds.join(", ")})`);
  }
  noteOwner(event);

  if (!inputs.approval_channel) {
    return cannot(
      `Cannot request approval: service "${
        inputs.service_id ?? ""
      }" has no approval channel configured`,
    );
  }
  // With enough listed approvers, counting the group's members now would only spend a Tier 2
  // call (20 a minute, the human path's bottleneck); membership is checked at click time.
  const listedEnough = req.approver_users.length >= Math.max(1, req.approvals_required);
  const group = listedEnough
    ? { ok: true as const, users: [] as string[] }
    : await groupMembers(client, req.approver_usergroup);
  if (!group.ok && req.approver_users.length === 0) {
    return cannot(`Cannot request approval: approver group lookup failed (${group.error})`);
  }
  const approvers = new Set([...req.approver_users, ...(group.ok ? group.users : [])]);
  if (approvers.size === 0) {
    return cannot(
      `Cannot request approval: service "${inputs.service_id ?? ""}" has no approvers configured`,
    );
  }
  if (approvers.size < req.approvals_required) {
    return cannot(
      `Cannot request approval: ${req.approvals_required} approvals are required but only ${approvers.size} approvers exist`,
    );
  }

  const pending = buildPendingRecord({ ...inputs, approvals_required: req.approvals_required }, {
    decision_id: decisionId,
    execution_id: executionId,
    expires_at: req.expires_at ?? now,
  });
  // The message goes out first so the pending record is written once, with its message ref. A
  // click that lands before the record exists is refused as "not ready" (and recorded).
  const posted = await client.chat.postMessage({
    channel: inputs.approval_channel,
    text: requestText(req),
    blocks: requestBlocks(req),
  });
  if (!posted.ok) {
    return cannot(
      `Cannot request approval: chat.postMessage to "${inputs.approval_channel}" failed (${posted.error})`,
    );
  }
  const put = await client.apps.datastore.put<typeof Decisions.definition>({
    datastore: Decisions.name,
    item: { ...pending, message_channel: posted.channel, message_ts: posted.ts },
  });
  if (!put.ok) return { error: `Cannot request approval: datastore put failed (${put.error})` };
  return { completed: false };
}).addBlockActionsHandler(APPROVE_ACTION_ID, async ({ body, client, inputs, env }) => {
  client = withSlackRetry(client, { budgetMs: INTERACTIVITY_BUDGET_MS });
  const now = Date.now();
  // Every click reads the record: only the owning copy decides, and never twice.
  const it = await openClick(client, inputs, body, now, "approve", env);
  if (!it) return;
  const auth = await authorize(it, true);
  if (!auth.ok) return await refuse(it, auth.reason, auth.text);
  await approve(it, auth.eligible, now, "");
}).addBlockActionsHandler(APPROVE_COMMENT_ACTION_ID, async ({ body, client, inputs }) => {
  await openForm(
    "approve",
    body,
    withSlackRetry(client, { budgetMs: INTERACTIVITY_BUDGET_MS }),
    inputs,
  );
}).addBlockActionsHandler(DENY_ACTION_ID, async ({ body, client, inputs }) => {
  await openForm(
    "deny",
    body,
    withSlackRetry(client, { budgetMs: INTERACTIVITY_BUDGET_MS }),
    inputs,
  );
}).addViewSubmissionHandler(
  APPROVE_MODAL_CALLBACK_ID,
  async ({ body, view, client, inputs, env }) => {
    client = withSlackRetry(client, { budgetMs: INTERACTIVITY_BUDGET_MS });
    const form = MODAL_FORMS.approve;
    const modalError = (text: string) => ({
      response_action: "errors" as const,
      errors: { [form.blockId]: text },
    });
    const comment = oneLine(view.state?.values?.[form.blockId]?.[form.inputId]?.value);
    if (Array.from(comment).length > APPROVE_COMMENT_MAX) {
      return modalError(`Keep the comment under ${APPROVE_COMMENT_MAX} characters.`);
    }
    const loaded = await loadInteraction(
      client,
      inputs,
      body.function_data.execution_id,
      body.user.id,
      "approve_submit",
      decodeMessageRef(view.private_metadata),
      env,
    );
    const now = Date.now();
    // The same checks, record reads and decision path as a one-click Approve.
    const it = await openDecision(loaded, now);
    if (!it) return modalError("This request can no longer be approved here (see the message).");
    const auth = await authorize(it, true);
    if (!auth.ok) {
      await refuse(it, auth.reason, auth.text);
      return modalError(auth.text);
    }
    await approve(it, auth.eligible, now, comment);
  },
).addViewSubmissionHandler(DENY_MODAL_CALLBACK_ID, async ({ body, view, client, inputs, env }) => {
  client = withSlackRetry(client, { budgetMs: INTERACTIVITY_BUDGET_MS });
  const form = MODAL_FORMS.deny;
  const modalError = (text: string) => ({
    response_action: "errors" as const,
    errors: { [form.blockId]: text },
  });
  const reason = oneLine(view.state?.values?.[form.blockId]?.[form.inputId]?.value);
  if (!reason) return modalError("Give a reason for denying this request.");
  if (Array.from(reason).length > form.max) {
    return modalError(`Keep the reason under ${form.max} characters.`);
  }
  const loaded = await loadInteraction(
    client,
    inputs,
    body.function_data.execution_id,
    body.user.id,
    "deny_submit",
    decodeMessageRef(view.private_metadata),
    env,
  );
  const now = Date.now();
  const it = await openDecision(loaded, now);
  if (!it) return modalError("This request can no longer be denied here (see the message).");
  const auth = await authorize(it, false);
  if (!auth.ok) {
    await refuse(it, auth.reason, auth.text);
    return modalError(auth.text);
  }
  const vote = await putVote(client, {
    id: voteId(it.decisionId, it.userId),
    decision_id: it.decisionId,
    user_id: it.userId,
    vote: "deny",
    comment: reason,
    voted_at: now,
  });
  if (!vote.ok) return modalError(`Cannot record your denial: ${vote.error}`);
  // When someone else decided first, `decide` tells the user; the modal simply closes.
  await decide(it, {
    outcome: "denied",
    decided_by: [it.userId],
    decided_at: now,
    denial_reason: reason,
  });
});

/**
 * A typed reason or comment as one line: control characters (newlines and tabs included) become
 * spaces or go; so do the Unicode line and paragraph separators, which render as line breaks too.
 */
function oneLine(raw: unknown): string {
  return stripControl(String(raw ?? "").replace(/[\u2028\u2029]/g, "\n"), false).trim();
}

/**
 * Opens the Deny or Approve-with-comment form. Slack's trigger_id expires 3 s after the click, so
 * `views.open` is the handler's first and only Web API call (unless it fails); who may decide, and
 * whether the request is still open, is checked when the form is submitted.
 */
async function openForm(
  kind: ModalKind,
  body: {
    function_data: { execution_id: string };
    interactivity: { interactivity_pointer: string };
    user: { id: string };
    container?: { channel_id?: string; message_ts?: string };
  },
  client: SlackAPIClient,
  inputs: Parameters<typeof toApprovalRequest>[0],
) {
  const executionId = body.function_data.execution_id;
  const req = toApprovalRequest(inputs, decisionIdFor(inputs, executionId), undefined);
  const container = body.container ?? {};
  const ref = container.channel_id && container.message_ts
    ? encodeMessageRef({ channel: container.channel_id, ts: container.message_ts })
    : "";
  const opened = await client.views.open({
    interactivity_pointer: body.interactivity.interactivity_pointer,
    view: decisionModal(kind, req, ref),
  });
  if (!opened.ok) {
    console.error(`request_approval: views.open failed: ${opened.error}`);
    const channel = container.channel_id || inputs.approval_channel || "";
    const what = kind === "deny" ? "deny" : "approve";
    await tell(client, channel, body.user.id, `Cannot open the ${what} dialog: ${opened.error}`);
  }
}

/**
 * The comments of the approving votes, for the record and the callback. One approver: the
 * comment as typed (cleaned). N-of-M: each decider's non-empty comment as "U…: text", in voting
 * order, joined by " | " (cut to the record's bound by the record and callback steps).
 */
export function approverComment(votes: readonly Vote[], deciders: readonly string[]): string {
  const byUser = new Map(votes.map((v) => [v.user_id, oneLine(v.comment)]));
  return deciders
    .map((u) => [u, byUser.get(u) ?? ""] as const)
    .filter(([, c]) => c)
    .map(([u, c]) => `${u}: ${c}`)
    .join(" | ");
}

/** An authorized approval (one-click or with a comment): decides, or records a vote of N. */
async function approve(
  it: Interaction,
  eligible: Parameters<typeof tallyVotes>[1],
  now: number,
  comment: string,
): Promise<void> {
  const client = it.client;
  if (it.req.approvals_required <= 1) {
    await decide(it, {
      outcome: "approved",
      decided_by: [it.userId],
      decided_at: now,
      ...(comment ? { approver_comment: comment } : {}),
    });
    return;
  }

  const vote = {
    id: voteId(it.decisionId, it.userId),
    decision_id: it.decisionId,
    user_id: it.userId,
    vote: "approve" as const,
    ...(comment ? { comment } : {}),
    voted_at: now,
  };
  const stored = await putVote(client, vote);
  if (!stored.ok) {
    console.error(`request_approval: cannot store vote on ${q(it.decisionId)}: ${stored.error}`);
    await tell(
      client,
      it.channel,
      it.userId,
      `Cannot record your approval: ${stored.error}`,
    );
    return;
  }
  const listed = await listVotes(client, it.decisionId);
  if (!listed.ok) {
    console.error(`request_approval: cannot list votes of ${q(it.decisionId)}: ${listed.error}`);
    await tell(client, it.channel, it.userId, `Cannot count approvals: ${listed.error}`);
    return;
  }
  // A query is a scan that may not see a write made a moment ago: the vote just written always
  // counts, whatever the query returned.
  const votes = withOwnVote(listed.votes, vote);
  const tally = tallyVotes(votes, eligible, it.req.approvals_required);
  if (tally.reached) {
    // The first N approvers in voting order decided; later simultaneous clicks are told so.
    const deciders = tally.approvers.slice(0, it.req.approvals_required);
    const joined = approverComment(votes, deciders);
    await decide(it, {
      outcome: "approved",
      decided_by: deciders,
      decided_at: now,
      ...(joined ? { approver_comment: joined } : {}),
    });
    return;
  }

  const progress = `${tally.approvers.length} of ${it.req.approvals_required}`;
  await tell(client, it.channel, it.userId, `Your approval is recorded (${progress}).`);
  if (!it.message) return;
  const updated = await client.chat.update({
    channel: it.message.channel,
    ts: it.message.ts,
    text: requestText(it.req),
    blocks: requestBlocks(it.req, tally.approvers),
  });
  if (!updated.ok) console.warn(`request_approval: progress update failed: ${updated.error}`);
  // A decision may have landed between our count and our update: never leave a decided request
  // showing buttons again.
  const after = await loadDecision(client, it.decisionId);
  const decided = after.ok && after.record ? decidedFromRecord(after.record) : undefined;
  if (decided) await showOutcome(it, decided);
}

// Rate-limited past its budget, the main handler ends `overloaded` and the run records that.
export default overloadable(approval, approvalOverloaded);
