import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { INTERACTIVITY_BUDGET_MS, overloadable, withSlackRetry } from "../../lib/slack_retry.ts";
import { RequestApprovalFunction } from "./definition.ts";
import { approvalOverloaded } from "./overloaded.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { buildPendingRecord, tallyVotes, voteId } from "../../lib/decision/mod.ts";
import { stripControl } from "../../lib/render/mod.ts";
import { denyModal, requestBlocks, requestText } from "./blocks.ts";
import {
  APPROVE_ACTION_ID,
  DENY_ACTION_ID,
  DENY_MODAL_CALLBACK_ID,
  DENY_REASON_ACTION_ID,
  DENY_REASON_BLOCK_ID,
  DENY_REASON_MAX,
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
import {
  authorize,
  decide,
  isExpired,
  loadInteraction,
  needsRecord,
  openClick,
  showOutcome,
} from "./_decide.ts";
import { groupMembers, listVotes, loadDecision, putVote, q, tell } from "./_slack.ts";

const approval = SlackFunction(RequestApprovalFunction, async ({ inputs, client, event }) => {
  client = withSlackRetry(client);
  // Auto-decided and rejected requests pass through without any Slack call.
  if (!needsHumans(inputs.effect)) return { completed: true, outputs: { outcome: "" } };

  const executionId = event.function_execution_id;
  const decisionId = decisionIdFor(inputs, executionId);
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
  // The message goes out first so the pending record is written once, with its message ref
  // (one datastore call instead of two). A click that lands before the record exists still works:
  // the handler falls back on the click's own channel/ts and the function inputs, and the
  // completion guard decides.
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
}).addBlockActionsHandler(APPROVE_ACTION_ID, async ({ body, client, inputs }) => {
  client = withSlackRetry(client, { budgetMs: INTERACTIVITY_BUDGET_MS });
  const now = Date.now();
  const it = await openClick(client, inputs, body, now, needsRecord(inputs, body));
  if (!it) return;
  const auth = await authorize(it, true);
  if (!auth.ok) return await tell(client, it.channel, it.userId, auth.text);
  if (it.req.approvals_required <= 1) {
    // One approval decides: no vote items to count, the completion guard alone makes sure that
    // a double click or two approvers at once yield one decision.
    await decide(it, { outcome: "approved", decided_by: [it.userId], decided_at: now });
    return;
  }

  const vote = await putVote(client, {
    id: voteId(it.decisionId, it.userId),
    decision_id: it.decisionId,
    user_id: it.userId,
    vote: "approve",
    voted_at: now,
  });
  if (!vote.ok) {
    console.error(`request_approval: cannot store vote on ${q(it.decisionId)}: ${vote.error}`);
    return await tell(client, it.channel, it.userId, `Cannot record your approval: ${vote.error}`);
  }
  const listed = await listVotes(client, it.decisionId);
  if (!listed.ok) {
    console.error(`request_approval: cannot list votes of ${q(it.decisionId)}: ${listed.error}`);
    return await tell(client, it.channel, it.userId, `Cannot count approvals: ${listed.error}`);
  }
  const tally = tallyVotes(listed.votes, auth.eligible, it.req.approvals_required);
  if (tally.reached) {
    // The first N approvers in voting order decided; later simultaneous clicks are told so.
    const deciders = tally.approvers.slice(0, it.req.approvals_required);
    await decide(it, { outcome: "approved", decided_by: deciders, decided_at: now });
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
}).addBlockActionsHandler(DENY_ACTION_ID, async ({ body, client, inputs }) => {
  client = withSlackRetry(client, { budgetMs: INTERACTIVITY_BUDGET_MS });
  const now = Date.now();
  const it = await openClick(client, inputs, body, now);
  if (!it) return;
  const auth = await authorize(it, false);
  if (!auth.ok) return await tell(client, it.channel, it.userId, auth.text);
  const opened = await client.views.open({
    interactivity_pointer: body.interactivity.interactivity_pointer,
    view: denyModal(it.req, it.message ? encodeMessageRef(it.message) : ""),
  });
  if (!opened.ok) {
    console.error(`request_approval: views.open failed: ${opened.error}`);
    await tell(client, it.channel, it.userId, `Cannot open the deny dialog: ${opened.error}`);
  }
}).addViewSubmissionHandler(DENY_MODAL_CALLBACK_ID, async ({ body, view, client, inputs }) => {
  client = withSlackRetry(client, { budgetMs: INTERACTIVITY_BUDGET_MS });
  const refuse = (text: string) => ({
    response_action: "errors" as const,
    errors: { [DENY_REASON_BLOCK_ID]: text },
  });
  const raw = view.state?.values?.[DENY_REASON_BLOCK_ID]?.[DENY_REASON_ACTION_ID]?.value ?? "";
  const reason = stripControl(String(raw)).trim();
  if (!reason) return refuse("Give a reason for denying this request.");
  if (Array.from(reason).length > DENY_REASON_MAX) {
    return refuse(`Keep the reason under ${DENY_REASON_MAX} characters.`);
  }
  const it = await loadInteraction(
    client,
    inputs,
    body.function_data.execution_id,
    body.user.id,
    decodeMessageRef(view.private_metadata),
  );
  const auth = await authorize(it, false);
  if (!auth.ok) return refuse(auth.text);
  const now = Date.now();
  if (isExpired(it, now)) {
    await decide(it, { outcome: "expired", decided_by: [], decided_at: now });
    return refuse("This request expired before it was decided.");
  }
  const vote = await putVote(client, {
    id: voteId(it.decisionId, it.userId),
    decision_id: it.decisionId,
    user_id: it.userId,
    vote: "deny",
    comment: reason,
    voted_at: now,
  });
  if (!vote.ok) return refuse(`Cannot record your denial: ${vote.error}`);
  // When someone else decided first, `decide` tells the user; the modal simply closes.
  await decide(it, {
    outcome: "denied",
    decided_by: [it.userId],
    decided_at: now,
    denial_reason: reason,
  });
});

// Rate-limited past its budget, the main handler ends `overloaded` and the run records that.
export default overloadable(approval, approvalOverloaded);
