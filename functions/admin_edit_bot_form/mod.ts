import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminEditBotFormFunction } from "./definition.ts";
import type { ServiceItem } from "../../lib/admin/bot.ts";
import { botFormView, FORM_ACTION_ID, readBotForm } from "../../lib/admin/bot_form.ts";
import { checkBotForm } from "../../lib/admin/bot_form_check.ts";
import { extraDomains, failure, invalid, readService } from "../_shared/admin.ts";
import { quote } from "../../lib/contract/text.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { save } from "../admin_edit_bot/_save.ts";
import {
  answerSubmission,
  approverErrors,
  botAttempt,
  closedOutputs,
  completeForm,
  formErrors,
  messageView,
  openFormModal,
  refuseNonAdmin,
} from "../_shared/admin_form.ts";
import { decodeStep, encodeStep, pickView } from "./_steps.ts";

const CALLBACK_ID = AdminEditBotFormFunction.definition.callback_id;

/**
 * Opens the edit form (`views.open` first, within the click's 3 s): the bot id, then every
 * setting with its current value (a blank optional field clears it). Each submission is answered
 * with every invalid field inline, keeping what was typed; nothing is saved until all are valid.
 */
export default SlackFunction(AdminEditBotFormFunction, async ({ inputs, client }) => {
  const view = pickView(CALLBACK_ID);
  return await openFormModal(withSlackRetry(client), inputs.interactivity, view, "edit a bot");
}).addViewSubmissionHandler(CALLBACK_ID, async ({ body, view, client, env }) => {
  client = withSlackRetry(client);
  const executionId = body.function_data.execution_id;
  const step = decodeStep(view.private_metadata);
  const typedId = String(view.state?.values?.service_id?.[FORM_ACTION_ID]?.value ?? "").trim();
  const id = step.step === "edit" ? step.id : typedId;
  // The submitter is who Slack says clicked, never a value from the form.
  const attempt = botAttempt(client, env, body.user.id, "edit_bot", id);
  const refused = await refuseNonAdmin(attempt, executionId);
  if (refused) return refused;
  let before: ServiceItem | undefined;
  try {
    before = id ? await readService(client, id) : undefined;
  } catch (error) {
    const failed = failure(attempt.label, "reading the services datastore", error);
    return await answerSubmission(attempt, executionId, failed, "Cannot edit");
  }
  if (step.step === "pick") {
    if (!before) {
      return formErrors({
        service_id: id ? `no bot is registered with id ${quote(id)}` : "bot id is required",
      });
    }
    const metadata = encodeStep({ step: "edit", id });
    const form = botFormView({ callbackId: CALLBACK_ID, mode: "edit", item: before });
    return { response_action: "update", view: { ...form, private_metadata: metadata } };
  }
  if (!before) {
    const gone = await invalid(attempt, "the bot was removed while the form was open");
    await completeForm(client, executionId, gone);
    return messageView("Cannot edit", `No bot is registered with id ${quote(id)} any more.`);
  }
  const input = readBotForm(view.state?.values);
  const checked = await checkBotForm("edit", input, { extraDomains: extraDomains(env) }, before);
  const errors = checked.ok ? await approverErrors(client, checked.item, "edit") : checked.errors;
  const done = errors || !checked.ok
    ? { errors: errors ?? {} }
    : await save(attempt, before, { ...checked.item, id: before.id });
  return await answerSubmission(attempt, executionId, done, "Cannot edit");
}).addViewClosedHandler(CALLBACK_ID, async ({ body, client }) => {
  await completeForm(
    withSlackRetry(client),
    body.function_data.execution_id,
    closedOutputs("edit a bot"),
  );
});
