import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AcknowledgeBreakGlassFunction } from "./definition.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { checkText } from "../../lib/admin/fields.ts";
import { adminConfig } from "../../lib/admin/config.ts";
import {
  type AdminAttempt,
  failure,
  finish,
  invalid,
  readService,
  usergroupMembers,
} from "../_shared/admin.ts";
import { quote } from "../../lib/contract/text.ts";
import { REASON_CODES } from "../../lib/decision/outcome.ts";
import { escapeMrkdwn, FIELD_BUDGET, userMention } from "../../lib/render/mod.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { now } from "../_clock.ts";
import { reviewRefusal } from "./authorize.ts";

/** Longest review note. */
export const MAX_NOTE = 1000;

/**
 * Checks the reviewer and the decision, notes the acknowledgment on the decision record, replies
 * in the review thread and records a signed admin event. Refusals and bad input are recorded too.
 */
export default SlackFunction(AcknowledgeBreakGlassFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const id = (inputs.decision_id ?? "").trim();
  const attempt: AdminAttempt = {
    client,
    env,
    actor: inputs.actor,
    action: "acknowledge_break_glass",
    label: `acknowledge the break-glass review of decision${id ? ` ${quote(id)}` : ""}`,
    targetType: "decision",
    targetId: id,
    now: now(),
  };
  if (!id) return await invalid(attempt, "decision id is required");
  const idProblem = checkText("decision id", id, 200);
  if (idProblem) return await invalid(attempt, idProblem);
  const note = (inputs.note ?? "").trim();
  if (!note) return await invalid(attempt, "a review note is required: say what you checked");
  const noteProblem = checkText("review note", note, MAX_NOTE);
  if (noteProblem) return await invalid(attempt, noteProblem);

  const found = await client.apps.datastore.get<typeof Decisions.definition>({
    datastore: Decisions.name,
    id,
  });
  if (!found.ok) return failure(attempt.label, "reading the decisions datastore", found.error);
  const record = found.item?.id ? found.item as Record<string, unknown> : undefined;
  if (!record || record.reason_code !== REASON_CODES.breakGlass) {
    return await invalid(attempt, "no break-glass decision has this id");
  }
  if (record.review_acknowledged_at) {
    return await invalid(
      attempt,
      `it was already acknowledged by ${quote(String(record.review_acknowledged_by ?? "?"))}`,
    );
  }
  let bot;
  try {
    bot = await readService(client, String(record.service_id ?? ""));
  } catch (error) {
    return failure(attempt.label, "reading the services datastore", error);
  }
  const refusal = await reviewRefusal(
    inputs.actor,
    bot,
    typeof record.triggered_by === "string" ? record.triggered_by : undefined,
    adminConfig(env),
    (group) => usergroupMembers(client, group),
  );
  if (refusal) return await finish(attempt, { result: "refused", detail: refusal });

  const at = attempt.now!;
  const marks = {
    review_acknowledged_at: at,
    review_acknowledged_by: inputs.actor!,
    review_note: note,
  };
  const put = await client.apps.datastore.update<typeof Decisions.definition>({
    datastore: Decisions.name,
    item: { id, ...marks },
  });
  if (!put.ok) return failure(attempt.label, "writing the decisions datastore", put.error);
  const late = Number(record.review_due_at) > 0 && at > Number(record.review_due_at);
  const channel = String(record.review_notice_channel ?? "");
  const ts = String(record.review_notice_ts ?? "");
  if (channel && ts) {
    const reply = await client.chat.postMessage({
      channel,
      thread_ts: ts,
      text: `:white_check_mark: Break-glass review acknowledged by ${userMention(inputs.actor!)}` +
        `${late ? " (after its deadline)" : ""}: ${escapeMrkdwn(note, FIELD_BUDGET.long)}`,
    });
    if (!reply.ok) console.warn(`acknowledge_break_glass: thread reply failed (${reply.error})`);
  }
  return await finish(attempt, {
    result: "applied",
    detail: `Acknowledged the break-glass review of decision ${quote(id)}` +
      `${late ? " after its deadline" : ""}. Note: ${note}`,
    before: { review_acknowledged_at: null },
    after: marks,
  });
});
