/**
 * functions.completeSuccess / completeError: the single, atomic transition of a custom function
 * execution out of `running`. The runtime listens for `function_completed` to resume the
 * workflow.
 *
 * @module
 */
import {
  type ApiContext,
  invalidArguments,
  type Method,
  optObject,
  reqString,
  SlackError,
} from "./context.ts";

/**
 * Whether the caller may complete execution `id`. Slack documents `access_denied` ("This actor
 * does not have access to this function execution",
 * https://docs.slack.dev/reference/methods/functions.completeSuccess) without saying which
 * tokens have access; the strict side (an assumption, relaxed by `crossExecutionCompletion`):
 * a workflow token completes only its own execution, the bot token none.
 */
function mayComplete(ctx: ApiContext, id: string): boolean {
  const { caller } = ctx;
  if (ctx.relax.crossExecutionCompletion || caller.token_type === undefined) return true;
  return caller.token_type === "workflow" && caller.execution_id === id;
}

function complete(
  ctx: ApiContext,
  id: string,
  result: { status: "completed" | "failed"; outputs?: Record<string, unknown>; error?: string },
) {
  if (!ctx.storage.getExecution(id)) throw new SlackError("function_execution_not_found");
  if (!mayComplete(ctx, id)) throw new SlackError("access_denied");
  if (!ctx.storage.finishExecution(id, result)) {
    throw new SlackError("execution_not_in_running_state");
  }
  const execution = ctx.storage.getExecution(id);
  if (execution) ctx.emit("function_completed", { execution });
  return {};
}

/** functions.* methods by Slack name. */
export const functionMethods: Record<string, Method> = {
  "functions.completeSuccess": (ctx, args) => {
    const id = reqString(args, "function_execution_id");
    const outputs = optObject(args, "outputs") ?? {};
    return complete(ctx, id, { status: "completed", outputs });
  },
  "functions.completeError": (ctx, args) => {
    const id = reqString(args, "function_execution_id");
    const error = reqString(args, "error");
    if (error.length > 4000) throw invalidArguments("error must be at most 4000 characters");
    return complete(ctx, id, { status: "failed", error });
  },
};
