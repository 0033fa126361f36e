/**
 * Slack's built-in functions (`slack#/functions/<name>`) that the local platform implements.
 * Only `send_message` exists so far, as a minimal example; any other built-in fails its step with
 * a clear message instead of silently doing nothing.
 *
 * @module
 */
import type { FunctionOutcome } from "./dispatch.ts";

/** What a built-in needs from the platform. */
export interface BuiltinContext {
  api: {
    call(
      method: string,
      args: Record<string, unknown>,
      token: string,
    ): Promise<Record<string, unknown>>;
  };
  botToken: string;
}

type Builtin = (
  inputs: Record<string, unknown>,
  ctx: BuiltinContext,
) => Promise<FunctionOutcome>;

const BUILTINS: Record<string, Builtin> = {
  /** `send_message`: posts `message` to `channel_id`; outputs `message_context`. */
  send_message: async (inputs, ctx) => {
    const channel = inputs.channel_id;
    const message = inputs.message;
    if (typeof channel !== "string" || typeof message !== "string") {
      return {
        kind: "failed",
        error: "Cannot send message: channel_id and message must be strings",
      };
    }
    const result = await ctx.api.call("chat.postMessage", {
      channel,
      text: message,
      ...(inputs.interactive_blocks ? { blocks: inputs.interactive_blocks } : {}),
    }, ctx.botToken);
    if (result.ok !== true) {
      return { kind: "failed", error: `Cannot send message: ${String(result.error)}` };
    }
    return {
      kind: "completed",
      outputs: {
        message_context: { channel_id: result.channel, message_ts: result.ts },
        message_ts: result.ts,
      },
    };
  },
};

/** Runs a built-in Slack function; an unknown one fails its step. */
export function runBuiltin(
  functionId: string,
  inputs: Record<string, unknown>,
  ctx: BuiltinContext,
): Promise<FunctionOutcome> {
  const name = functionId.startsWith("slack#/functions/")
    ? functionId.slice("slack#/functions/".length)
    : undefined;
  const builtin = name && Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
  if (!builtin) {
    return Promise.resolve({
      kind: "failed",
      error: `Cannot run step: function "${functionId}" is not available on the local platform`,
    });
  }
  return builtin(inputs, ctx);
}
