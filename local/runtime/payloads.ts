/**
 * The event bodies Slack delivers to a Run-on-Slack function, built as the hosted platform sends
 * them (see /work/shared/slack-platform-notes.md, "Function dispatch"): `function_executed`
 * inside an `event_callback`, and the `block_actions` / `view_submission` / `view_closed`
 * interactivity payloads carrying `function_data` and `interactivity`.
 *
 * Pure builders: no I/O, so every field is unit-tested.
 *
 * @module
 */

/** The workspace and app identity stamped on every payload. */
export interface AppIdentity {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
}

/** What the runtime knows of an execution when building a payload. */
export interface ExecutionRef {
  id: string;
  callbackId: string;
  title?: string;
  description?: string;
  inputs: Record<string, unknown>;
  /** The workflow token issued for this execution. */
  token: string;
}

/** A user as it appears in interactivity payloads. */
export interface PayloadUser {
  id: string;
  name: string;
}

/** Slack event timestamps: seconds with microseconds, as a string. */
export function eventTs(nowMs: number): string {
  return (nowMs / 1000).toFixed(6);
}

/** `function_executed` event callback body. */
export function functionExecutedBody(
  app: AppIdentity,
  execution: ExecutionRef,
  nowMs: number,
): Record<string, unknown> {
  const ts = eventTs(nowMs);
  return {
    token: "local-verification-token",
    team_id: app.teamId,
    api_app_id: app.appId,
    type: "event_callback",
    event_id: `Ev${execution.id.slice(2)}`,
    event_time: Math.floor(nowMs / 1000),
    event: {
      type: "function_executed",
      function: {
        id: `Fn${execution.callbackId}`,
        callback_id: execution.callbackId,
        title: execution.title ?? execution.callbackId,
        description: execution.description ?? "",
        type: "app",
        app_id: app.appId,
        date_created: Math.floor(nowMs / 1000),
        date_updated: Math.floor(nowMs / 1000),
      },
      inputs: execution.inputs,
      function_execution_id: execution.id,
      workflow_execution_id: execution.id.replace(/^Fx/, "Wx"),
      event_ts: ts,
      bot_access_token: execution.token,
    },
  };
}

function functionData(execution: ExecutionRef) {
  return {
    execution_id: execution.id,
    function: { callback_id: execution.callbackId },
    inputs: execution.inputs,
  };
}

function interactivity(user: PayloadUser, pointer: string) {
  return {
    interactor: { id: user.id, secret: `interactor-${pointer}` },
    interactivity_pointer: pointer,
  };
}

/** A block action as the page reports it. */
export interface ActionInput {
  action_id: string;
  block_id: string;
  value?: string;
  /** The element's type in the message (`button` unless the message says otherwise). */
  type?: string;
  /** The element's `text` object, when the message has one. */
  text?: unknown;
}

/** `block_actions` body for an action on a message posted by a function. */
export function blockActionsBody(
  app: AppIdentity,
  opts: {
    execution: ExecutionRef;
    user: PayloadUser;
    channel: { id: string; name: string };
    message: Record<string, unknown>;
    action: ActionInput;
    triggerId: string;
    nowMs: number;
  },
): Record<string, unknown> {
  const { execution, user, channel, message, action, triggerId, nowMs } = opts;
  return {
    type: "block_actions",
    user: { id: user.id, username: user.name, name: user.name, team_id: app.teamId },
    api_app_id: app.appId,
    token: "local-verification-token",
    container: {
      type: "message",
      message_ts: message.ts,
      channel_id: channel.id,
      is_ephemeral: message.is_ephemeral === true,
    },
    trigger_id: triggerId,
    team: { id: app.teamId, domain: app.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel.id, name: channel.name },
    message,
    state: { values: {} },
    response_url: "",
    actions: [{
      action_id: action.action_id,
      block_id: action.block_id,
      ...(action.value !== undefined ? { value: action.value } : {}),
      ...(action.text !== undefined ? { text: action.text } : {}),
      type: action.type ?? "button",
      action_ts: eventTs(nowMs),
    }],
    bot_access_token: execution.token,
    function_data: functionData(execution),
    interactivity: interactivity(user, triggerId),
  };
}

/** The `view` object of view_submission / view_closed bodies. */
export function payloadView(
  app: AppIdentity,
  record: {
    id: string;
    view: Record<string, unknown>;
    hash: string;
    previous_view_id?: string;
  },
  values: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ...record.view,
    id: record.id,
    team_id: app.teamId,
    app_id: app.appId,
    bot_id: `B${app.botUserId.slice(1)}`,
    callback_id: record.view.callback_id ?? "",
    private_metadata: record.view.private_metadata ?? "",
    state: { values },
    hash: record.hash,
    previous_view_id: record.previous_view_id ?? null,
    root_view_id: record.id,
  };
}

/** `view_submission` or `view_closed` body for a modal opened by a function. */
export function viewBody(
  app: AppIdentity,
  type: "view_submission" | "view_closed",
  opts: {
    execution: ExecutionRef;
    user: PayloadUser;
    view: Record<string, unknown>;
    triggerId: string;
  },
): Record<string, unknown> {
  const { execution, user, view, triggerId } = opts;
  return {
    type,
    team: { id: app.teamId, domain: app.teamDomain },
    enterprise: null,
    user: { id: user.id, username: user.name, name: user.name, team_id: app.teamId },
    api_app_id: app.appId,
    token: "local-verification-token",
    ...(type === "view_submission" ? { trigger_id: triggerId, response_urls: [] } : {}),
    view,
    ...(type === "view_closed" ? { is_cleared: false } : {}),
    is_enterprise_install: false,
    bot_access_token: execution.token,
    function_data: functionData(execution),
    interactivity: interactivity(user, triggerId),
  };
}
