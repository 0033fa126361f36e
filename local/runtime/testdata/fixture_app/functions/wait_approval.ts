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
        { type: "button", action_id: "slow_deny", text: { type: "plain_text", text: "Slow deny" } },
        { type: "button", action_id: "busy", text: { type: "plain_text", text: "Busy" } },
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
}).addBlockActionsHandler("slow_deny", async ({ body, client }) => {
  // Does work before opening its modal: three reads (a record, two lookups).
  for (let i = 0; i < 3; i++) await client.apps.datastore.get({ datastore: "results", id: "x" });
  const opened = await client.views.open({
    interactivity_pointer: body.interactivity.interactivity_pointer,
    view: {
      type: "modal",
      callback_id: "deny_modal",
      title: { type: "plain_text", text: "Deny" },
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "Too late?" } }],
    },
  });
  if (!opened.ok) throw new Error(`Cannot open modal: ${opened.error}`);
}).addBlockActionsHandler("busy", async ({ body, client }) => {
  // Seventeen calls before answering: more than an interactivity handler's 10 s when hosted.
  for (let i = 0; i < 17; i++) await client.apps.datastore.get({ datastore: "results", id: "x" });
  await client.chat.postMessage({ channel: body.function_data.inputs.channel, text: "Busy done" });
}).addViewSubmissionHandler("deny_modal", async ({ view, body, client }) => {
  const reason = view.state.values.reason?.reason_input?.value ?? "";
  if (reason.trim() === "") {
    return { response_action: "errors", errors: { reason: "A reason is required" } };
  }
  if (reason === "show a long title") {
    // A view Slack refuses: its title is over 24 characters.
    const title = { type: "plain_text" as const, text: "A title far too long for Slack" };
    return { response_action: "update", view: { type: "modal", title, blocks: [] } };
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
