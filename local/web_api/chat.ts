/**
 * chat.* methods: messages are stored as given (text and Block Kit blocks) and announced with a
 * `message` event so the page and the runtime see them.
 *
 * @module
 */
import type { Message } from "../storage/types.ts";
import { blockProblems } from "./block_kit.ts";
import { resolveChannel } from "./conversations.ts";
import {
  type ApiContext,
  type Method,
  optJson,
  optObject,
  optString,
  reqString,
  SlackError,
} from "./context.ts";

/** Slack truncates longer texts; the local platform refuses them so the app notices. */
export const MAX_TEXT_LENGTH = 40_000;

function readContent(ctx: ApiContext, args: Record<string, unknown>, required: boolean) {
  const text = optString(args, "text");
  const rawBlocks = optJson(args, "blocks");
  if (rawBlocks !== undefined) {
    const problems = blockProblems(rawBlocks, "message", ctx.relax);
    if (problems.length > 0) {
      throw new SlackError("invalid_blocks", { response_metadata: { messages: problems } });
    }
  }
  const blocks = rawBlocks as unknown[] | undefined;
  if (required && text === undefined && (blocks === undefined || blocks.length === 0)) {
    throw new SlackError("no_text");
  }
  if (text !== undefined && text.length > MAX_TEXT_LENGTH) throw new SlackError("msg_too_long");
  return { text, blocks };
}

/** The Slack API shape of a stored message. */
export function messageView(ctx: ApiContext, message: Message): Record<string, unknown> {
  const author = ctx.storage.getUser(message.user);
  return {
    type: "message",
    user: message.user,
    ...(author?.is_bot ? { bot_id: `B${message.user.slice(1)}` } : {}),
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ts: message.ts,
    team: ctx.caller.team_id,
    ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    ...(message.edited_ts ? { edited: { user: message.user, ts: message.edited_ts } } : {}),
    ...(message.metadata ? { metadata: message.metadata } : {}),
  };
}

/** chat.* methods by Slack name. */
export const chatMethods: Record<string, Method> = {
  "chat.postMessage": (ctx, args) => {
    const channel = resolveChannel(ctx, reqString(args, "channel", "channel_not_found"));
    const { text, blocks } = readContent(ctx, args, true);
    const threadTs = optString(args, "thread_ts");
    const metadata = optObject(args, "metadata");
    const message: Message = {
      channel: channel.id,
      ts: ctx.nextTs(),
      user: ctx.caller.user_id,
      text: text ?? "",
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(metadata ? { metadata } : {}),
    };
    ctx.storage.addMessage(message);
    ctx.emit("message", { op: "posted", message });
    return { channel: channel.id, ts: message.ts, message: messageView(ctx, message) };
  },
  "chat.postEphemeral": (ctx, args) => {
    const channel = resolveChannel(ctx, reqString(args, "channel", "channel_not_found"));
    const user = reqString(args, "user", "user_not_found");
    if (!ctx.storage.getUser(user)) throw new SlackError("user_not_found");
    if (!channel.members.includes(user)) throw new SlackError("user_not_in_channel");
    const { text, blocks } = readContent(ctx, args, true);
    const threadTs = optString(args, "thread_ts");
    const message: Message = {
      channel: channel.id,
      ts: ctx.nextTs(),
      user: ctx.caller.user_id,
      text: text ?? "",
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ephemeral_to: user,
    };
    ctx.storage.addMessage(message);
    ctx.emit("message", { op: "ephemeral", message });
    return { message_ts: message.ts };
  },
  "chat.update": (ctx, args) => {
    const channel = resolveChannel(ctx, reqString(args, "channel", "channel_not_found"));
    const ts = reqString(args, "ts", "message_not_found");
    const existing = ctx.storage.getMessage(channel.id, ts);
    if (!existing || existing.ephemeral_to) throw new SlackError("message_not_found");
    if (existing.user !== ctx.caller.user_id) throw new SlackError("cant_update_message");
    const { text, blocks } = readContent(ctx, args, false);
    const metadata = optObject(args, "metadata");
    const message: Message = {
      ...existing,
      ...(text !== undefined ? { text } : {}),
      ...(blocks !== undefined ? { blocks } : {}),
      ...(metadata ? { metadata } : {}),
      edited_ts: ctx.nextTs(),
    };
    ctx.storage.updateMessage(message);
    ctx.emit("message", { op: "updated", message });
    return {
      channel: channel.id,
      ts: message.ts,
      text: message.text,
      message: messageView(ctx, message),
    };
  },
  "chat.delete": (ctx, args) => {
    const channel = resolveChannel(ctx, reqString(args, "channel", "channel_not_found"));
    const ts = reqString(args, "ts", "message_not_found");
    const existing = ctx.storage.getMessage(channel.id, ts);
    if (!existing || existing.ephemeral_to) throw new SlackError("message_not_found");
    if (existing.user !== ctx.caller.user_id) throw new SlackError("cant_delete_message");
    ctx.storage.deleteMessage(channel.id, ts);
    ctx.emit("message", { op: "deleted", message: existing });
    return { channel: channel.id, ts };
  },
};
