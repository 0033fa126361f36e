import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { WaitApprovalFunction } from "../definitions.ts";

export default SlackFunction(WaitApprovalFunction, async ({ inputs, client }) => {
  const posted = await client.chat.postMessage({
    channel: inputs.channel,
    text: `Approve ${inputs.doubled}?`,
    blocks: [{
      type: "actions",
      block_id: "decision",
      elements: [
        {
          type: "button",
          action_id: "approve",
          text: { type: "plain_text", text: "Approve" },
          value: "yes",
        },
        {
          type: "button",
          action_id: "deny",
          text: { type: "plain_text", text: "Deny" },
          value: "no",
        },
        { type: "button", action_id: "ignored", text: { type: "plain_text", text: "Ignored" } },
      ],
    }],
  });
  if (!posted.ok) return { error: `Cannot ask: ${posted.error}` };
  return { completed: false };
}).addBlockActionsHandler("approve", async ({ body, client }) => {
  const done = await client.functions.completeSuccess({
    function_execution_id: body.function_data.execution_id,
    outputs: { decided_by: [body.user.id] },
  });
  if (!done.ok) throw new Error(`Cannot complete: ${done.error}`);
}).addBlockActionsHandler("deny", async ({ body, client }) => {
  const opened = await client.views.open({
    interactivity_pointer: body.interactivity.interactivity_pointer,
    view: {
      ...step("Deny"),
      notify_on_close: true,
      private_metadata: body.container.message_ts,
    },
  });
  if (!opened.ok) throw new Error(`Cannot open modal: ${opened.error}`);
}).addViewSubmissionHandler("deny_modal", async ({ view, body, client }) => {
  const reason = view.state.values.reason?.reason_input?.value ?? "";
  if (reason.trim() === "") {
    return { response_action: "errors", errors: { reason: "A reason is required" } };
  }
  // Reasons starting with "!" ask for a response action (the platform's modal tests).
  const answer = RESPONSES[reason.trim()];
  if (answer) return answer;
  const done = await client.functions.completeSuccess({
    function_execution_id: body.function_data.execution_id,
    outputs: { decided_by: [body.user.id], reason },
  });
  if (!done.ok) throw new Error(`Cannot complete: ${done.error}`);
}).addViewClosedHandler("deny_modal", async ({ body, client }) => {
  await client.chat.postMessage({
    channel: body.function_data.inputs.channel,
    text: "Deny cancelled",
  });
});

const step = (title: string) => ({
  type: "modal",
  callback_id: "deny_modal",
  title: { type: "plain_text", text: title },
  submit: { type: "plain_text", text: "Deny" },
  blocks: [{
    type: "input",
    block_id: "reason",
    label: { type: "plain_text", text: "Reason" },
    element: { type: "plain_text_input", action_id: "reason_input" },
  }],
});

const RESPONSES: Record<string, Record<string, unknown>> = {
  "!update": { response_action: "update", view: step("Deny (updated)") },
  "!push": { response_action: "push", view: step("Deny (pushed)") },
  "!clear": { response_action: "clear" },
  "!errors-elsewhere": { response_action: "errors", errors: { nowhere: "no such block" } },
  "!long-title": { response_action: "update", view: step("A title longer than twenty-four") },
  "!unknown": { response_action: "explode" },
};
