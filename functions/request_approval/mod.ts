import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { INTERACTIVITY_BUDGET_MS, overloadable, withSlackRetry } from "../_shared/slack_retry.ts";
import { RequestApprovalFunction } from "./definition.ts";
import { approvalOverloaded, noteOwner } from "./overloaded.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { buildPendingRecord } from "../../lib/decision/mod.ts";
import { requestBlocks, requestText } from "./blocks.ts";
import {
  APPROVE_ACTION_ID,
  APPROVE_COMMENT_ACTION_ID,
  APPROVE_MODAL_CALLBACK_ID,
  DENY_ACTION_ID,
  DENY_MODAL_CALLBACK_ID,
} from "./constants.ts";
import { approversProblem } from "./_routing.ts";
import {
  approvalChannel,
  decisionIdFor,
  expiryFromInputs,
  needsHumans,
  timeoutMs,
  toApprovalRequest,
} from "./request.ts";
import { authorize } from "./_authorize.ts";
import { approve } from "./_approve.ts";
import { openForm, submitApproval, submitDenial } from "./_forms.ts";
import { openClick, refuse } from "./_decide.ts";
import { elect } from "./_claim.ts";
import { claimRegisters, loadDecision, q } from "./_slack.ts";

/**
 * The approval step: posts the approval message and waits; the handlers below decide it (Approve,
 * Approve with comment, Deny). Pure logic and Block Kit live in the sibling files.
 */
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

  const channel = approvalChannel(inputs);
  if (!channel) {
    return cannot(
      `Cannot request approval: service "${
        inputs.service_id ?? ""
      }" has no approval channel configured`,
    );
  }
  const nobody = await approversProblem(client, req, inputs);
  if (nobody) return cannot(nobody);

  const pending = buildPendingRecord({ ...inputs, approvals_required: req.approvals_required }, {
    decision_id: decisionId,
    execution_id: executionId,
    expires_at: req.expires_at ?? now,
  });
  // The message goes out first so the pending record is written once, with its message ref. A
  // click that lands before the record exists is refused as "not ready" (and recorded).
  const posted = await client.chat.postMessage({
    channel,
    text: requestText(req),
    blocks: requestBlocks(req),
  });
  if (!posted.ok) {
    return cannot(
      `Cannot request approval: chat.postMessage to "${channel}" failed (${posted.error})`,
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
  await approve(it, auth, now, "");
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
    return await submitApproval({ body, view, client, inputs, env });
  },
).addViewSubmissionHandler(DENY_MODAL_CALLBACK_ID, async ({ body, view, client, inputs, env }) => {
  client = withSlackRetry(client, { budgetMs: INTERACTIVITY_BUDGET_MS });
  return await submitDenial({ body, view, client, inputs, env });
});

// Rate-limited past its budget, the main handler ends `overloaded` and the run records that.
export default overloadable(approval, approvalOverloaded);
