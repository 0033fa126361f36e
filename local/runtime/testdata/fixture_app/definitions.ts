/**
 * Definitions of the fixture app used by the runtime's tests: a small workflow that exercises
 * typed templates, failures, a suspended step with buttons and a modal, a datastore write, a
 * Slack built-in and outgoing fetches.
 *
 * @module
 */
import { DefineDatastore, DefineFunction, DefineWorkflow, Schema } from "deno-slack-sdk/mod.ts";

/** Where the fixture workflow writes its result. */
export const Results = DefineDatastore({
  name: "results",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    doubled: { type: Schema.types.integer },
    tags: { type: Schema.types.array, items: { type: Schema.types.string } },
    decided_by: { type: Schema.types.array, items: { type: Schema.types.string } },
    reason: { type: Schema.types.string },
  },
});

/** Doubles a number and returns an array, to check typed step outputs. */
export const DoubleFunction = DefineFunction({
  callback_id: "double",
  title: "Double",
  description: "Doubles n",
  source_file: "functions/double.ts",
  input_parameters: { properties: { n: { type: Schema.types.integer } }, required: ["n"] },
  output_parameters: {
    properties: {
      doubled: { type: Schema.types.integer },
      tags: { type: Schema.types.array, items: { type: Schema.types.string } },
    },
    required: ["doubled"],
  },
});

/** Fails on request: `mode` "throw" throws, "error" returns `{ error }`. */
export const MaybeFailFunction = DefineFunction({
  callback_id: "maybe_fail",
  title: "Maybe fail",
  description: "Fails when asked",
  source_file: "functions/maybe_fail.ts",
  input_parameters: { properties: { mode: { type: Schema.types.string } }, required: [] },
  output_parameters: { properties: {}, required: [] },
});

/** Posts Approve / Deny buttons and waits; Deny opens a modal asking a reason. */
export const WaitApprovalFunction = DefineFunction({
  callback_id: "wait_approval",
  title: "Wait for approval",
  description: "Asks in a channel and waits",
  source_file: "functions/wait_approval.ts",
  input_parameters: {
    properties: {
      channel: { type: Schema.slack.types.channel_id },
      doubled: { type: Schema.types.integer },
    },
    required: ["channel"],
  },
  output_parameters: {
    properties: {
      decided_by: { type: Schema.types.array, items: { type: Schema.slack.types.user_id } },
      reason: { type: Schema.types.string },
    },
    required: ["decided_by"],
  },
});

/** Writes the result item. */
export const SaveFunction = DefineFunction({
  callback_id: "save",
  title: "Save",
  description: "Writes the result",
  source_file: "functions/save.ts",
  input_parameters: {
    properties: {
      id: { type: Schema.types.string },
      doubled: { type: Schema.types.integer },
      tags: { type: Schema.types.array, items: { type: Schema.types.string } },
      decided_by: { type: Schema.types.array, items: { type: Schema.slack.types.user_id } },
      reason: { type: Schema.types.string },
    },
    required: ["id"],
  },
  output_parameters: { properties: { saved: { type: Schema.types.boolean } }, required: [] },
});

/** Fetches a URL and reports what happened (for the outgoing-domains guard). */
export const ProbeFunction = DefineFunction({
  callback_id: "probe",
  title: "Probe",
  description: "Fetches a URL",
  source_file: "functions/probe.ts",
  input_parameters: { properties: { url: { type: Schema.types.string } }, required: ["url"] },
  output_parameters: {
    properties: {
      result: { type: Schema.types.string },
      context: { type: Schema.types.string },
    },
    required: [],
  },
});

/** The main fixture workflow. */
export const FixtureFlow = DefineWorkflow({
  callback_id: "fixture_flow",
  title: "Fixture flow",
  input_parameters: {
    properties: {
      id: { type: Schema.types.string },
      n: { type: Schema.types.integer },
      mode: { type: Schema.types.string },
      channel: { type: Schema.slack.types.channel_id },
    },
    required: [],
  },
});
const doubled = FixtureFlow.addStep(DoubleFunction, { n: FixtureFlow.inputs.n });
FixtureFlow.addStep(MaybeFailFunction, { mode: FixtureFlow.inputs.mode });
const approval = FixtureFlow.addStep(WaitApprovalFunction, {
  channel: FixtureFlow.inputs.channel,
  doubled: doubled.outputs.doubled,
});
FixtureFlow.addStep(SaveFunction, {
  id: FixtureFlow.inputs.id,
  doubled: doubled.outputs.doubled,
  tags: doubled.outputs.tags,
  decided_by: approval.outputs.decided_by,
  reason: approval.outputs.reason,
});

/** A second workflow: a Slack built-in with an embedded reference, then a fetch. */
export const EchoFlow = DefineWorkflow({
  callback_id: "echo_flow",
  title: "Echo flow",
  input_parameters: {
    properties: {
      channel: { type: Schema.slack.types.channel_id },
      text: { type: Schema.types.string },
      url: { type: Schema.types.string },
    },
    required: [],
  },
});
EchoFlow.addStep("slack#/functions/send_message", {
  channel_id: EchoFlow.inputs.channel,
  message: `Echo: ${EchoFlow.inputs.text}`,
});
EchoFlow.addStep(ProbeFunction, { url: EchoFlow.inputs.url });

/**
 * Tries what hosted Slack denies a function (a fetch, `Deno.env`, a file write), once when it
 * runs and again from a button click, and reports how each attempt ended.
 */
export const EscapeFunction = DefineFunction({
  callback_id: "escape",
  title: "Escape",
  description: "Tries to reach outside its confinement",
  source_file: "functions/escape.ts",
  input_parameters: {
    properties: {
      channel: { type: Schema.slack.types.channel_id },
      url: { type: Schema.types.string },
      path: { type: Schema.types.string },
    },
    required: ["channel", "url", "path"],
  },
  output_parameters: {
    properties: {
      on_run: { type: Schema.types.string },
      on_click: { type: Schema.types.string },
    },
    required: [],
  },
});

/** Runs {@linkcode EscapeFunction}. */
export const EscapeFlow = DefineWorkflow({
  callback_id: "escape_flow",
  title: "Escape flow",
  input_parameters: {
    properties: {
      channel: { type: Schema.slack.types.channel_id },
      url: { type: Schema.types.string },
      path: { type: Schema.types.string },
    },
    required: [],
  },
});
EscapeFlow.addStep(EscapeFunction, {
  channel: EscapeFlow.inputs.channel,
  url: EscapeFlow.inputs.url,
  path: EscapeFlow.inputs.path,
});
