import { assertEquals } from "@std/assert";
import {
  blockActionsBody,
  eventTs,
  functionExecutedBody,
  payloadView,
  viewBody,
} from "./payloads.ts";

const app = { teamId: "T1", teamDomain: "local", appId: "A1", botUserId: "U0BOT" };
const execution = {
  id: "FxABC",
  callbackId: "wait",
  title: "Wait",
  inputs: { channel: "C1" },
  token: "xwfp-1",
};
const NOW = 1_700_000_000_123;

Deno.test("function_executed is an event_callback carrying the execution and its token", () => {
  const body = functionExecutedBody(app, execution, NOW);
  assertEquals(body.type, "event_callback");
  assertEquals(body.team_id, "T1");
  const event = body.event as Record<string, unknown>;
  assertEquals(event.type, "function_executed");
  assertEquals(event.function_execution_id, "FxABC");
  assertEquals(event.bot_access_token, "xwfp-1");
  assertEquals(event.inputs, { channel: "C1" });
  assertEquals((event.function as Record<string, unknown>).callback_id, "wait");
  assertEquals(event.event_ts, "1700000000.123000");
  assertEquals(eventTs(NOW), "1700000000.123000");
});

Deno.test("block_actions has the fields the SDK's router and handlers read", () => {
  const body = blockActionsBody(app, {
    execution,
    user: { id: "U1", name: "ada" },
    channel: { id: "C1", name: "approvals" },
    message: { ts: "1.000001", text: "hi" },
    action: { action_id: "approve", block_id: "b", value: "v" },
    triggerId: "trig",
    nowMs: NOW,
  });
  assertEquals(body.type, "block_actions");
  assertEquals(body.actions, [{
    action_id: "approve",
    block_id: "b",
    value: "v",
    type: "button",
    action_ts: "1700000000.123000",
  }]);
  assertEquals(body.container, {
    type: "message",
    message_ts: "1.000001",
    channel_id: "C1",
    is_ephemeral: false,
  });
  assertEquals(body.user, { id: "U1", username: "ada", name: "ada", team_id: "T1" });
  assertEquals(body.trigger_id, "trig");
  assertEquals(body.bot_access_token, "xwfp-1");
  assertEquals(body.function_data, {
    execution_id: "FxABC",
    function: { callback_id: "wait" },
    inputs: { channel: "C1" },
  });
  assertEquals(body.interactivity, {
    interactor: { id: "U1", secret: "interactor-trig" },
    interactivity_pointer: "trig",
  });
});

Deno.test("view payloads carry state values, metadata and function data", () => {
  const view = payloadView(app, {
    id: "V1",
    view: { type: "modal", callback_id: "deny", private_metadata: "m" },
    hash: "h",
  }, { reason: { input: { type: "plain_text_input", value: "no" } } });
  assertEquals(view.id, "V1");
  assertEquals(view.callback_id, "deny");
  assertEquals(view.private_metadata, "m");
  assertEquals(view.state, {
    values: { reason: { input: { type: "plain_text_input", value: "no" } } },
  });
  const submission = viewBody(app, "view_submission", {
    execution,
    user: { id: "U1", name: "ada" },
    view,
    triggerId: "t2",
  });
  assertEquals(submission.type, "view_submission");
  assertEquals(submission.trigger_id, "t2");
  assertEquals((submission.function_data as Record<string, unknown>).execution_id, "FxABC");
  const closed = viewBody(app, "view_closed", {
    execution,
    user: { id: "U1", name: "ada" },
    view,
    triggerId: "t3",
  });
  assertEquals([closed.type, closed.is_cleared, closed.trigger_id], [
    "view_closed",
    false,
    undefined,
  ]);
});
