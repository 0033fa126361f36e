import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminAddPolicyFormFunction } from "./definition.ts";
import { checkPolicyForm } from "../../lib/admin/policy_form_check.ts";
import { readSpecForm, specFormView } from "../../lib/admin/spec_form.ts";
import type { AdminAttempt } from "../_shared/admin.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { ADD_POLICY_FORM } from "../../workflows/admin_policy_fields.ts";
import { addRule } from "../admin_add_policy/_add.ts";
import {
  answerSubmission,
  closedOutputs,
  completeForm,
  openFormModal,
  refuseNonAdmin,
} from "../_shared/admin_form.ts";

const CALLBACK_ID = AdminAddPolicyFormFunction.definition.callback_id;
const { fields, required } = ADD_POLICY_FORM;

/**
 * Opens the add-a-rule form (`views.open` first, within the click's 3 s) and answers each
 * submission with every invalid field inline, keeping what was typed; nothing is saved until the
 * whole form is valid. The execution completes when the rule is added, the submitter is
 * refused, or the form is closed.
 */
export default SlackFunction(AdminAddPolicyFormFunction, async ({ inputs, client }) => {
  const view = specFormView({
    callbackId: CALLBACK_ID,
    title: "Add a policy rule",
    submit: "Add",
    fields,
    required,
  });
  return await openFormModal(withSlackRetry(client), inputs.interactivity, view, "add a rule");
}).addViewSubmissionHandler(CALLBACK_ID, async ({ body, view, client, env }) => {
  client = withSlackRetry(client);
  const executionId = body.function_data.execution_id;
  const input = readSpecForm(fields, view.state?.values);
  const given = typeof input.policy_id === "string" ? input.policy_id.trim() : "";
  // The submitter is who Slack says clicked, never a value from the form.
  const attempt: AdminAttempt = {
    client,
    env,
    actor: body.user.id,
    action: "add_policy",
    label: "add policy rule",
    targetType: "policy",
    targetId: given,
  };
  const refused = await refuseNonAdmin(attempt, executionId);
  if (refused) return refused;
  const checked = checkPolicyForm(fields, required, input, { id: given }, true);
  const done = checked.ok
    ? await addRule(attempt, checked.item, given, input.position as number | undefined)
    : { errors: checked.errors };
  return await answerSubmission(attempt, executionId, done, "Cannot add the rule");
}).addViewClosedHandler(CALLBACK_ID, async ({ body, client }) => {
  await completeForm(
    withSlackRetry(client),
    body.function_data.execution_id,
    closedOutputs("add a rule"),
  );
});
