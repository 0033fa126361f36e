/**
 * Running one workflow step: Slack's input validation, the function's default handler called
 * with deno-slack-runtime's `function_executed` arguments, the built-ins, and the check of the
 * outputs a completing function must provide.
 *
 * @module
 */
import type { FunctionExecution } from "../storage/types.ts";
import type { LoadedApp, ManifestFunction } from "./app.ts";
import { type BuiltinContext, runBuiltin } from "./builtins.ts";
import { FUNCTION_TIMEOUT_MS, type FunctionOutcome, interpretResult } from "./dispatch.ts";
import type { FunctionRunner } from "./runner.ts";
import { type AppIdentity, functionExecutedBody } from "./payloads.ts";

/** What running a step needs from the engine. */
export interface StepContext extends BuiltinContext {
  app: LoadedApp;
  identity: AppIdentity;
  env: Record<string, string>;
  /** Runs the app's handlers (see `runner.ts`). */
  runner: FunctionRunner;
  functionTimeoutMs?: number;
  now: () => number;
  log: (line: string) => void;
}

/**
 * The failure Slack reports before dispatching, if any: an unknown function, or an unset
 * required input (`parameter_validation_failed … missing_required_value`, as `slack activity`
 * shows it).
 */
export function precheck(
  functionId: string,
  definition: ManifestFunction | undefined,
  inputs: Record<string, unknown>,
): FunctionOutcome | undefined {
  const custom = functionId.startsWith("#/functions/");
  const callbackId = custom ? functionId.slice("#/functions/".length) : functionId;
  if (custom && !definition) {
    return {
      kind: "failed",
      error: `Cannot run step: function "${callbackId}" is not in the manifest`,
    };
  }
  const missing = (definition?.input_parameters?.required ?? []).find((name) =>
    inputs[name] === undefined
  );
  if (missing === undefined) return undefined;
  return {
    kind: "failed",
    error: `Cannot run function "${callbackId}": parameter_validation_failed - Validation ` +
      `for parameter "${missing}" failed: missing_required_value`,
  };
}

/** Fails a completion that lacks one of the function's required outputs. */
export function checkOutputs(
  callbackId: string,
  definition: ManifestFunction | undefined,
  outcome: FunctionOutcome,
): FunctionOutcome {
  if (outcome.kind !== "completed") return outcome;
  const absent = (definition?.output_parameters?.required ?? []).find((name) =>
    outcome.outputs[name] === undefined
  );
  if (absent === undefined) return outcome;
  return {
    kind: "failed",
    error: `Cannot complete function "${callbackId}": missing required output "${absent}"`,
  };
}

/** Runs a custom function's `function_executed` event through the runner. Never throws. */
export async function invokeFunction(
  ctx: StepContext,
  execution: FunctionExecution,
  token: string,
  definition: ManifestFunction,
): Promise<FunctionOutcome> {
  const { identity, env } = ctx;
  const body = functionExecutedBody(identity, {
    id: execution.id,
    callbackId: execution.callback_id,
    title: definition.title,
    description: definition.description,
    inputs: execution.inputs,
    token,
  }, ctx.now());
  const result = await ctx.runner.run({
    callbackId: execution.callback_id,
    envelope: {
      body,
      context: { bot_access_token: token, team_id: identity.teamId, variables: { ...env } },
    },
    limitMs: ctx.functionTimeoutMs ?? FUNCTION_TIMEOUT_MS,
  });
  if (result.status === "handled") return interpretResult(result.response);
  const message = result.status === "unhandled"
    ? `Cannot run function "${execution.callback_id}": ${result.message}`
    : result.error.message;
  ctx.log(`function ${execution.callback_id} threw: ${message}`);
  return { kind: "failed", error: message };
}

/** Runs a step's function (custom or built-in) after Slack's checks; returns the outcome. */
export async function runStepFunction(
  ctx: StepContext,
  functionId: string,
  execution: FunctionExecution,
  token: string,
): Promise<FunctionOutcome> {
  const custom = functionId.startsWith("#/functions/");
  const functions = ctx.app.manifest.functions ?? {};
  const definition = custom && Object.hasOwn(functions, execution.callback_id)
    ? functions[execution.callback_id]
    : undefined;
  const refused = precheck(functionId, definition, execution.inputs);
  if (refused) return refused;
  const outcome = definition
    ? await invokeFunction(ctx, execution, token, definition)
    : await runBuiltin(functionId, execution.inputs, {
      ...ctx,
      execution: { id: execution.id, token },
    });
  return checkOutputs(execution.callback_id, definition, outcome);
}
