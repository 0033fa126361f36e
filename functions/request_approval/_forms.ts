/**
 * The decision forms: opening Deny / Approve-with-comment, and handling their submissions. A
 * submission goes through the same record read, authorization and decision path as a click.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { voteId } from "../../lib/decision/mod.ts";
import { decisionModal, MODAL_FORMS, type ModalKind } from "./modal.ts";
import { APPROVE_COMMENT_MAX } from "./constants.ts";
import {
  approvalChannel,
  type ApprovalInputs,
  decisionIdFor,
  decodeMessageRef,
  encodeMessageRef,
  type MessageRef,
  toApprovalRequest,
} from "./request.ts";
import { type Authorization, authorize } from "./_authorize.ts";
import { approve, oneLine, refuseUnseen } from "./_approve.ts";
import { type FormValues, readScope, recordScope } from "./_scope.ts";
import { messageDigest } from "../../lib/audit/seen_digest.ts";
import { decide, type Interaction, loadInteraction, openDecision, refuse } from "./_decide.ts";
import { putVote, tell } from "./_slack.ts";

/** What a view submission handler receives that the forms use. */
export interface Submission {
  body: { function_data: { execution_id: string }; user: { id: string } };
  view: {
    private_metadata?: string;
    state?: { values?: FormValues };
  };
  client: SlackAPIClient;
  inputs: ApprovalInputs;
  env?: Record<string, string>;
}

/** A `response_action: errors` answer showing `text` under the form's input. */
type ModalErrors = { response_action: "errors"; errors: Record<string, string> };

/**
 * Opens the Deny or Approve-with-comment form. Slack's trigger_id expires 3 s after the click, so
 * `views.open` is the handler's first and only Web API call (unless it fails); who may decide, and
 * whether the request is still open, is checked when the form is submitted.
 */
export async function openForm(
  kind: ModalKind,
  body: {
    function_data: { execution_id: string };
    interactivity: { interactivity_pointer: string };
    user: { id: string };
    container?: { channel_id?: string; message_ts?: string };
    message?: { blocks?: unknown };
  },
  client: SlackAPIClient,
  inputs: Parameters<typeof toApprovalRequest>[0],
) {
  const executionId = body.function_data.execution_id;
  const req = toApprovalRequest(inputs, decisionIdFor(inputs, executionId), undefined);
  const container = body.container ?? {};
  // What the user saw when opening the form is what their decision is about.
  const seen = messageDigest(body.message?.blocks);
  const ref = container.channel_id && container.message_ts
    ? encodeMessageRef({
      channel: container.channel_id,
      ts: container.message_ts,
      ...(seen ? { seen } : {}),
    })
    : "";
  const opened = await client.views.open({
    interactivity_pointer: body.interactivity.interactivity_pointer,
    view: decisionModal(kind, req, ref),
  });
  if (!opened.ok) {
    console.error(`request_approval: views.open failed: ${opened.error}`);
    const channel = container.channel_id || approvalChannel(inputs);
    const what = kind === "deny" ? "deny" : "approve";
    await tell(client, channel, body.user.id, `Cannot open the ${what} dialog: ${opened.error}`);
  }
}

/**
 * The common opening of a submitted form: the record read, the decision checks and who may act,
 * with what the user saw when opening it. Refusals are recorded; the text is for the form.
 */
async function openSubmission(
  { body, client, inputs, env }: Submission,
  kind: ModalKind,
  ref: MessageRef | undefined,
  now: number,
): Promise<
  | { ok: true; it: Interaction; auth: Extract<Authorization, { ok: true }> }
  | { ok: false; text: string }
> {
  const loaded = await loadInteraction(
    client,
    inputs,
    body.function_data.execution_id,
    body.user.id,
    kind === "deny" ? "deny_submit" : "approve_submit",
    ref,
    env,
  );
  loaded.seen = ref?.seen;
  const it = await openDecision(loaded, now);
  const verb = kind === "deny" ? "denied" : "approved";
  if (!it) {
    return { ok: false, text: `This request can no longer be ${verb} here (see the message).` };
  }
  const auth = await authorize(it, kind === "approve");
  if (!auth.ok) {
    await refuse(it, auth.reason, auth.text);
    return { ok: false, text: auth.text };
  }
  return { ok: true, it, auth };
}

/** Approve with comment, submitted: the comment is optional and bounded. */
export async function submitApproval(
  { body, view, client, inputs, env }: Submission,
): Promise<ModalErrors | undefined> {
  const form = MODAL_FORMS.approve;
  const modalError = (text: string) => ({
    response_action: "errors" as const,
    errors: { [form.blockId]: text },
  });
  const comment = oneLine(view.state?.values?.[form.blockId]?.[form.inputId]?.value);
  const ref = decodeMessageRef(view.private_metadata);
  if (Array.from(comment).length > APPROVE_COMMENT_MAX) {
    return modalError(`Keep the comment under ${APPROVE_COMMENT_MAX} characters.`);
  }
  const now = Date.now();
  // The same checks, record reads and decision path as a one-click Approve.
  const opened = await openSubmission({ body, view, client, inputs, env }, "approve", ref, now);
  if (!opened.ok) return modalError(opened.text);
  const { it, auth } = opened;
  const scope = readScope(view.state?.values, it.req);
  if (!scope.ok) {
    return { response_action: "errors" as const, errors: { [scope.blockId]: scope.error } };
  }
  const decided = await approve(it, auth, now, comment, scope.grant);
  if (decided && scope.grant) {
    const said = await recordScope(client, scope.grant, {
      req: it.req,
      decisionId: it.decisionId,
      userId: it.userId,
      now,
      policyId: inputs.policy_id ?? "",
    });
    await tell(client, it.channel, it.userId, said);
  }
}

/** Deny, submitted: a reason is required; the denial is stored as a vote, then decided. */
export async function submitDenial(
  { body, view, client, inputs, env }: Submission,
): Promise<ModalErrors | undefined> {
  const form = MODAL_FORMS.deny;
  const modalError = (text: string) => ({
    response_action: "errors" as const,
    errors: { [form.blockId]: text },
  });
  const reason = oneLine(view.state?.values?.[form.blockId]?.[form.inputId]?.value);
  const ref = decodeMessageRef(view.private_metadata);
  if (!reason) return modalError("Give a reason for denying this request.");
  if (Array.from(reason).length > form.max) {
    return modalError(`Keep the reason under ${form.max} characters.`);
  }
  const now = Date.now();
  const opened = await openSubmission({ body, view, client, inputs, env }, "deny", ref, now);
  if (!opened.ok) return modalError(opened.text);
  const { it } = opened;
  if (!it.seen) return modalError(await refuseUnseen(it, "denial"));
  const vote = await putVote(client, {
    id: voteId(it.decisionId, it.userId),
    decision_id: it.decisionId,
    user_id: it.userId,
    vote: "deny",
    comment: reason,
    voted_at: now,
    seen_digest: it.seen,
  });
  if (!vote.ok) return modalError(`Cannot record your denial: ${vote.error}`);
  // When someone else decided first, `decide` tells the user; the modal simply closes.
  await decide(it, {
    outcome: "denied",
    decided_by: [it.userId],
    decided_at: now,
    denial_reason: reason,
    seen_digests: [it.seen],
  });
}
