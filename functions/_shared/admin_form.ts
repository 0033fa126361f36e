/**
 * The Slack side of the admin functions' own modals (Slack's custom-modal-in-functions pattern):
 * open the form from the workflow's `interactivity` (its pointer expires 3 s after the click, so
 * `views.open` is the first call), answer a submission with inline errors or a result view, and
 * end the suspended execution with `functions.completeSuccess` / `completeError`.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { type AdminAttempt, type AdminReturn, checkAdmin, invalid, slackLookups } from "./admin.ts";
import { approversProblem } from "../../lib/admin/people.ts";
import { quote } from "../../lib/contract/text.ts";
import type { ServiceItem } from "../../lib/admin/bot.ts";
import { errorsText, type FieldErrors, problemField } from "../../lib/admin/bot_form_check.ts";
import type { BotFormMode } from "../../lib/admin/bot_form.ts";

/** The admin attempt on bot `id` (as typed, possibly empty): `register_bot` or `edit_bot`. */
export function botAttempt(
  client: SlackAPIClient,
  env: Record<string, string>,
  actor: string | undefined,
  action: "register_bot" | "edit_bot",
  id: string,
): AdminAttempt {
  const verb = action === "register_bot" ? "register bot" : "edit bot";
  return {
    client,
    env,
    actor,
    action,
    label: id ? `${verb} ${quote(id)}` : verb,
    targetType: "bot",
    targetId: id,
  };
}

/** Opens `view` for the person whose click `interactivity` carries; the handler's first call. */
export async function openFormModal(
  client: SlackAPIClient,
  interactivity: { interactivity_pointer?: string } | undefined,
  view: Record<string, unknown>,
  what: string,
): Promise<{ completed: false } | { error: string }> {
  const pointer = interactivity?.interactivity_pointer ?? "";
  const opened = await client.views.open({ interactivity_pointer: pointer, view });
  if (!opened.ok) {
    const detail = opened.error === "expired_trigger_id"
      ? " (Slack allows 3 seconds after the click; click the shortcut again)"
      : "";
    return { error: `Cannot open the ${what} form: ${opened.error}${detail}` };
  }
  // The execution stays open until the form is submitted or closed.
  return { completed: false };
}

/**
 * Ends the suspended execution with an admin function's result (outputs or error). A failure to
 * complete is logged: the view answer still goes back to Slack.
 */
export async function completeForm(
  client: SlackAPIClient,
  executionId: string,
  result: AdminReturn,
): Promise<void> {
  const res = "error" in result
    ? await client.functions.completeError({
      function_execution_id: executionId,
      error: result.error,
    })
    : await client.functions.completeSuccess({
      function_execution_id: executionId,
      outputs: result.outputs,
    });
  if (!res.ok) console.error(`admin form: cannot complete ${executionId}: ${res.error}`);
}

/** `response_action: "update"` to a view that only says `text` (a refusal or a failure). */
export function messageView(title: string, text: string): Record<string, unknown> {
  return {
    response_action: "update",
    view: {
      type: "modal",
      title: { type: "plain_text", text: title },
      close: { type: "plain_text", text: "Close" },
      blocks: [{ type: "section", text: { type: "mrkdwn", text: text.slice(0, 3000) } }],
    },
  };
}

/** `response_action: "errors"`: each problem under its field; the modal keeps what was typed. */
export function formErrors(errors: FieldErrors): Record<string, unknown> {
  return { response_action: "errors", errors };
}

/** The approver, group and people checks of the Web API, as a problem under its field. */
export async function approverErrors(
  client: SlackAPIClient,
  item: ServiceItem,
  mode: BotFormMode,
): Promise<FieldErrors | undefined> {
  const problem = await approversProblem(item, slackLookups(client));
  return problem ? { [problemField(problem, mode)]: problem } : undefined;
}

/** The outputs of a form closed without submitting (nothing changed, nothing to record). */
export function closedOutputs(what: string): AdminReturn {
  return {
    outputs: {
      ok: false,
      summary: `Nothing was changed: the ${what} form was closed without submitting.`,
      event_id: "",
    },
  };
}

/**
 * The admin check of a submission: `undefined` for an admin; otherwise the refusal is recorded,
 * the execution completed with it, and the answer is a view saying so.
 */
export async function refuseNonAdmin(
  attempt: AdminAttempt,
  executionId: string,
): Promise<Record<string, unknown> | undefined> {
  const admin = await checkAdmin(attempt);
  if (admin.ok) return undefined;
  await completeForm(attempt.client, executionId, admin.done);
  const text = "outputs" in admin.done ? admin.done.outputs.summary : admin.done.error;
  return messageView("Not allowed", text);
}

/**
 * Answers a checked submission: problems are recorded as an invalid attempt and shown under
 * their fields (the form stays open with what was typed); a result completes the execution and
 * closes the form (or, for a failure, says why in it).
 */
export async function answerSubmission(
  attempt: AdminAttempt,
  executionId: string,
  done: AdminReturn | { errors: FieldErrors },
  failedTitle: string,
): Promise<Record<string, unknown> | undefined> {
  if ("errors" in done) {
    const recorded = await invalid(attempt, errorsText(done.errors));
    if ("error" in recorded) return messageView(failedTitle, recorded.error);
    return formErrors(done.errors);
  }
  await completeForm(attempt.client, executionId, done);
  // No response action closes the modal; the workflow's DM carries the summary.
  return "error" in done ? messageView(failedTitle, done.error) : undefined;
}
