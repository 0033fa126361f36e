/**
 * Slack's built-in functions (`slack#/functions/<name>`) that the local platform implements:
 * `send_message`, `send_dm` and `open_form` (a modal for the person who clicked a link trigger,
 * see `open_form.ts`). Any other built-in fails its step with a clear message instead of
 * silently doing nothing.
 *
 * @module
 */
import type { FunctionOutcome } from "./dispatch.ts";
import { type Directory, formFields, formView } from "./open_form.ts";
import { checkFormInputs, type OpenFormRelax } from "./open_form_rules.ts";

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
  /** The step's execution and its workflow token (built-ins that suspend need them). */
  execution?: { id: string; token: string };
  /** Links a modal opened by a built-in to its execution, so its submission comes back here. */
  onViewOpened?: (viewId: string, executionId: string) => void;
  /** Strict form rules relaxed (default: every rule enforced). */
  relax?: OpenFormRelax;
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
  /** `send_dm`: sends `message` to `user_id` in the app's DM with them. */
  send_dm: async (inputs, ctx) => {
    const user = inputs.user_id;
    const message = inputs.message;
    if (typeof user !== "string" || typeof message !== "string") {
      return { kind: "failed", error: "Cannot send DM: user_id and message must be strings" };
    }
    const opened = await ctx.api.call("conversations.open", { users: user }, ctx.botToken);
    const channel = (opened.channel as { id?: string } | undefined)?.id;
    if (opened.ok !== true || !channel) {
      return { kind: "failed", error: `Cannot send DM: ${String(opened.error)}` };
    }
    const now = Math.floor(Date.now() / 1000);
    const posted = await ctx.api.call("chat.postMessage", { channel, text: message }, ctx.botToken);
    if (posted.ok !== true) {
      return { kind: "failed", error: `Cannot send DM: ${String(posted.error)}` };
    }
    return {
      kind: "completed",
      outputs: {
        message_timestamp: posted.ts,
        message_link: `local://${channel}/${posted.ts}`,
        message_context: { channel_id: channel, message_ts: posted.ts },
        timestamp_started: now,
        timestamp_completed: Math.floor(Date.now() / 1000),
      },
    };
  },
  /** `open_form`: opens the form for the workflow's interactor and waits for its submission. */
  open_form: async (inputs, ctx) => {
    const interactivity = inputs.interactivity as
      | { interactivity_pointer?: unknown; interactor?: { id?: unknown } }
      | undefined;
    const pointer = interactivity?.interactivity_pointer;
    if (typeof pointer !== "string" || !ctx.execution) {
      return {
        kind: "failed",
        error: "Cannot open form: the step has no interactivity (start the workflow from a " +
          "link trigger, or put the form after a step that outputs interactivity)",
      };
    }
    // Slack refuses a form it cannot show before showing anything (deno-slack-sdk issue 218).
    const problems = checkFormInputs(inputs, ctx.relax);
    if (problems.length > 0) {
      return {
        kind: "failed",
        error: `Cannot open form: parameter_validation_failed: ${problems.join("; ")}`,
      };
    }
    const view = formView(inputs, await directory(ctx));
    const opened = await ctx.api.call(
      "views.open",
      { interactivity_pointer: pointer, view },
      ctx.execution.token,
    );
    const viewId = (opened.view as { id?: string } | undefined)?.id;
    if (opened.ok !== true || !viewId) {
      return { kind: "failed", error: `Cannot open form: views.open: ${String(opened.error)}` };
    }
    ctx.onViewOpened?.(viewId, ctx.execution.id);
    return { kind: "suspended" };
  },
};

/** The workspace's users and public channels for form selects, via the Web API. */
async function directory(ctx: BuiltinContext): Promise<Directory> {
  const [users, channels] = await Promise.all([
    ctx.api.call("users.list", {}, ctx.botToken),
    ctx.api.call("conversations.list", {}, ctx.botToken),
  ]);
  type Named = { id: string; name?: string; real_name?: string; handle?: string; is_bot?: boolean };
  return {
    users: ((users.members ?? []) as Named[]).filter((u) => !u.is_bot).map((u) => ({
      id: u.id,
      label: `@${u.name ?? u.id}${u.real_name ? ` (${u.real_name})` : ""}`,
    })),
    channels: ((channels.channels ?? []) as Named[]).map((c) => ({
      id: c.id,
      label: `#${c.name ?? c.id}`,
    })),
  };
}

/** Whether an execution's callback id names a Slack built-in (no app module to load). */
export function isBuiltin(callbackId: string): boolean {
  return callbackId.startsWith("slack#/functions/");
}

/**
 * Delivers a modal submission or close to the built-in that opened it. A submission of an
 * `open_form` completes the step with the form's outputs (or returns errors per field, which
 * keep the modal open); a close fails the step, since the workflow cannot go on without it.
 */
export async function deliverBuiltinView(
  ctx: BuiltinContext,
  req: {
    type: "view_submission" | "view_closed";
    callbackId: string;
    executionId: string;
    token: string;
    inputs: Record<string, unknown>;
    user: string;
    values: Record<string, unknown>;
    /** A fresh interactivity pointer for the steps after the form. */
    pointer: string;
    started: number;
  },
): Promise<{ ok: true } | { ok: false; error: string; errors?: Record<string, string> }> {
  if (req.callbackId !== "slack#/functions/open_form") {
    return { ok: false, error: `no_view_handler: ${req.callbackId}` };
  }
  if (req.type === "view_closed") {
    await ctx.api.call("functions.completeError", {
      function_execution_id: req.executionId,
      error: "Cannot continue the workflow: the form was closed without submitting",
    }, req.token);
    return { ok: true };
  }
  const result = formFields(req.inputs, req.values, await directory(ctx));
  if (!result.ok) return { ok: false, error: "validation_errors", errors: result.errors };
  const done = await ctx.api.call("functions.completeSuccess", {
    function_execution_id: req.executionId,
    outputs: {
      fields: result.fields,
      interactivity: {
        interactor: { id: req.user, secret: `interactor-${req.pointer}` },
        interactivity_pointer: req.pointer,
      },
      submit_user: req.user,
      timestamp_started: Math.floor(req.started / 1000),
      timestamp_completed: Math.floor(Date.now() / 1000),
    },
  }, req.token);
  return done.ok === true ? { ok: true } : { ok: false, error: String(done.error) };
}

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
