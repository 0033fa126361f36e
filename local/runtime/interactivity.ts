/**
 * Interactivity: delivering a click on a message button, a modal submission or a modal close to
 * the function execution that posted the message or opened the modal, with the payloads Slack
 * sends (`block_actions`, `view_submission`, `view_closed`), and applying the handler's answer.
 *
 * @module
 */
import type { FunctionExecution, Message } from "../storage/types.ts";
import type { DispatchResult } from "./dispatch.ts";
import type { FunctionEnvelope } from "./runner.ts";
import type { Engine } from "./engine.ts";
import { type ActionInput, blockActionsBody, type ExecutionRef } from "./payloads.ts";

/** A click as the page reports it. */
export interface BlockActionRequest {
  user: string;
  channel: string;
  message_ts: string;
  action_id: string;
  block_id: string;
  value?: string;
}

/** Result reported back to the page. */
export type InteractionResult =
  | { ok: true; response?: Record<string, unknown> }
  | { ok: false; error: string; errors?: Record<string, string> };

/** Finds the element with `action_id` in `block_id` among a message's blocks. */
export function findElement(
  blocks: unknown[] | undefined,
  blockId: string,
  actionId: string,
): Record<string, unknown> | undefined {
  for (const block of blocks ?? []) {
    const b = block as Record<string, unknown>;
    if (b.block_id !== blockId) continue;
    const candidates = [
      ...(Array.isArray(b.elements) ? b.elements : []),
      ...(b.accessory ? [b.accessory] : []),
      ...(b.element ? [b.element] : []),
    ] as Record<string, unknown>[];
    const found = candidates.find((el) => el && el.action_id === actionId);
    if (found) return found;
  }
  return undefined;
}

/** The payload view of an execution, or undefined when it has no workflow token. */
export function executionRef(
  engine: Engine,
  execution: FunctionExecution,
): ExecutionRef | undefined {
  const token = engine.state.tokenForExecution(execution.id);
  if (!token) return undefined;
  const fn = engine.opts.app.manifest.functions?.[execution.callback_id];
  return {
    id: execution.id,
    callbackId: execution.callback_id,
    title: fn?.title,
    description: fn?.description,
    inputs: execution.inputs,
    token,
  };
}

/** The event envelope of an interactivity payload for the execution `ref`. */
export function envelope(
  engine: Engine,
  ref: ExecutionRef,
  body: Record<string, unknown>,
): FunctionEnvelope {
  return {
    body,
    context: {
      bot_access_token: ref.token,
      team_id: engine.opts.identity.teamId,
      variables: { ...engine.opts.env },
    },
  };
}

/**
 * Latency mode: waits as long as Slack takes to bring an interaction to the app's handler. The
 * interaction's trigger_id was issued at the click, so this time counts against its 3 s.
 */
export async function awaitDelivery(engine: Engine): Promise<void> {
  const delivery = engine.opts.delivery;
  if (delivery && delivery.ms > 0) await delivery.sleep(delivery.ms);
}

/** Turns a dispatch result into what the page gets back; logs failures. */
export function report(engine: Engine, what: string, result: DispatchResult): InteractionResult {
  if (result.status === "handled") return { ok: true, response: result.response };
  if (result.status === "unhandled") {
    // deno-slack-runtime logs a warning and acknowledges; the user sees nothing happen.
    engine.log(`warning: ${result.message}`);
    return { ok: true };
  }
  engine.log(`${what} handler failed: ${result.error.message}`);
  return { ok: false, error: `handler_failed: ${result.error.message}` };
}

/** Delivers a `block_actions` payload for a click on a function's message. Never throws. */
export async function deliverBlockAction(
  engine: Engine,
  req: BlockActionRequest,
): Promise<InteractionResult> {
  const { storage, identity, api } = engine.opts;
  const user = storage.getUser(req.user);
  if (!user) return { ok: false, error: "user_not_found" };
  const channel = storage.getChannel(req.channel);
  if (!channel) return { ok: false, error: "channel_not_found" };
  const message = storage.getMessage(req.channel, req.message_ts);
  if (!message || (message.ephemeral_to && message.ephemeral_to !== user.id)) {
    return { ok: false, error: "message_not_found" };
  }
  // Only members see a channel's messages, so only they can click in them.
  if (!channel.members.includes(user.id)) return { ok: false, error: "not_in_channel" };
  const element = findElement(message.blocks, req.block_id, req.action_id);
  if (!element) return { ok: false, error: "action_not_found" };
  const executionId = engine.state.messageExecution(message.channel, message.ts);
  const execution = executionId ? storage.getExecution(executionId) : undefined;
  const ref = execution && executionRef(engine, execution);
  // A message not posted by a function has no interactivity handler on Run-on-Slack.
  if (!execution || !ref) return { ok: false, error: "no_function_for_message" };
  const triggerId = api.registerInteraction(user.id);
  await awaitDelivery(engine);
  const action: ActionInput = {
    action_id: req.action_id,
    block_id: req.block_id,
    // The value Slack reports is the element's own value, not whatever the client claims.
    value: typeof element.value === "string" ? element.value : req.value,
    type: typeof element.type === "string" ? element.type : "button",
    ...(element.text !== undefined ? { text: element.text } : {}),
  };
  const body = blockActionsBody(identity, {
    execution: ref,
    user: { id: user.id, name: user.name },
    channel: { id: channel.id, name: channel.name },
    message: messagePayload(message, engine.opts.identity),
    action,
    triggerId,
    nowMs: engine.now(),
  });
  const result = await engine.runner.run({
    callbackId: execution.callback_id,
    envelope: envelope(engine, ref, body),
    limitMs: engine.interactivityTimeoutMs,
  });
  return report(engine, "blockActions", result);
}

/** A stored message as Slack shows it in interactivity payloads (no storage-only fields). */
export function messagePayload(
  message: Message,
  identity: { appId: string; teamId: string; botUserId: string },
): Record<string, unknown> {
  const bot = message.user === identity.botUserId;
  return {
    type: "message",
    user: message.user,
    ts: message.ts,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(bot ? { bot_id: `B${identity.botUserId.slice(1)}`, app_id: identity.appId } : {}),
    team: identity.teamId,
    ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    ...(message.edited_ts ? { edited: { user: message.user, ts: message.edited_ts } } : {}),
    ...(message.metadata ? { metadata: message.metadata } : {}),
    ...(message.ephemeral_to ? { is_ephemeral: true } : {}),
  };
}

/** Records which execution posted a message or opened a modal, from a Web API response. */
export function observeApiCall(
  engine: Engine,
  method: string,
  token: string | undefined,
  args: Record<string, unknown>,
  result: Record<string, unknown>,
): void {
  if (result.ok !== true) return;
  const executionId = token ? engine.state.executionForToken(token) : undefined;
  if (!executionId) return;
  // Which modals are open is tracked from the Web API's `view` events (see Engine.start); here
  // only the link to the execution that opened it.
  const view = result.view as { id?: string } | undefined;
  if ((method === "views.open" || method === "views.push") && view?.id) {
    engine.state.linkView(view.id, executionId);
  } else if (method === "chat.postMessage" && typeof result.channel === "string") {
    engine.state.linkMessage(result.channel, String(result.ts), executionId);
  } else if (method === "chat.postEphemeral" && typeof result.message_ts === "string") {
    // The response has no channel; the argument does (an id: the app posts to ids it was given).
    if (typeof args.channel === "string") {
      engine.state.linkMessage(args.channel, result.message_ts, executionId);
    }
  }
}
