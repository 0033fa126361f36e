import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminRegisterBotFormFunction } from "./definition.ts";
import { botFormView, readBotForm } from "../../lib/admin/bot_form.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { register } from "../admin_register_bot/_register.ts";
import {
  answerSubmission,
  botAttempt,
  closedOutputs,
  completeForm,
  openFormModal,
  refuseNonAdmin,
} from "../_shared/admin_form.ts";

const CALLBACK_ID = AdminRegisterBotFormFunction.definition.callback_id;

/**
 * Opens the register form (Slack's custom modal in a function: `views.open` is the first call,
 * within the click's 3 s) and answers each submission with every invalid field inline, keeping
 * what was typed; nothing is saved until the whole form is valid. The execution completes when
 * the bot is registered, the submitter is refused, or the form is closed.
 */
export default SlackFunction(AdminRegisterBotFormFunction, async ({ inputs, client }) => {
  const view = botFormView({ callbackId: CALLBACK_ID, mode: "register" });
  return await openFormModal(withSlackRetry(client), inputs.interactivity, view, "register a bot");
}).addViewSubmissionHandler(CALLBACK_ID, async ({ body, view, client, env }) => {
  const executionId = body.function_data.execution_id;
  const input = readBotForm(view.state?.values);
  // The submitter is who Slack says clicked, never a value from the form.
  const id = (input.service_id ?? "").trim();
  const attempt = botAttempt(withSlackRetry(client), env, body.user.id, "register_bot", id);
  const refused = await refuseNonAdmin(attempt, executionId);
  if (refused) return refused;
  return await answerSubmission(
    attempt,
    executionId,
    await register(attempt, input),
    "Cannot register",
  );
}).addViewClosedHandler(CALLBACK_ID, async ({ body, client }) => {
  await completeForm(
    withSlackRetry(client),
    body.function_data.execution_id,
    closedOutputs("register a bot"),
  );
});
