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

function complete(
  ctx: ApiContext,
  id: string,
  result: { status: "completed" | "failed"; outputs?: Record<string, unknown>; error?: string },
) {
  if (!ctx.storage.getExecution(id)) throw new SlackError("function_execution_not_found");
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
