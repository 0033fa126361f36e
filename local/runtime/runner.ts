/**
 * The `FunctionRunner` seam: how one execution of an app's function runs. The runtime hands a
 * runner one event envelope, exactly as Slack's hosted runtime hands one to deno-slack-runtime
 * (`{ body, context: { bot_access_token, team_id, variables } }`, the body being a
 * `function_executed` event or a `block_actions` / `view_submission` / `view_closed` payload),
 * with the function's callback id and its time limit, and gets back what the handler returned.
 *
 * The runner owns the time limit (only the runner can stop the work it started); the runtime
 * never starts a second timer for the same limit.
 *
 * `inProcessRunner` (the default) imports the function module into the platform's own process
 * and calls the handler the way deno-slack-runtime's `DispatchPayload` does. Its difference from
 * Slack: module state (top-level variables) lives on between executions, where Slack starts each
 * execution with fresh module state (see docs/architecture.md for the measured cost of a fresh
 * Worker per execution). Another runner — a subprocess running the bundled app, a Worker per
 * execution — plugs in through `startPlatform({ runner })`.
 *
 * @module
 */
import type { FunctionModule } from "./app.ts";
import {
  dispatchInteraction,
  type DispatchResult,
  type LimitTimer,
  wallClockTimer,
  withTimeout,
} from "./dispatch.ts";
import { type Confinement, runConfined } from "./confine.ts";

/** The envelope Slack's runtime receives for one event (deno-slack-runtime's `InvocationPayload`). */
export interface FunctionEnvelope {
  /** A `function_executed` event callback, or a `block_actions` / `view_*` payload. */
  body: Record<string, unknown>;
  context: {
    /** The workflow token of the execution. */
    bot_access_token: string;
    team_id: string;
    /** The app's environment (`env` of the handler), including `SLACK_API_URL`. */
    variables: Record<string, string>;
  };
}

/** One run request. */
export interface RunRequest {
  /** The function's callback id (its module is the manifest's `source_file`). */
  callbackId: string;
  envelope: FunctionEnvelope;
  /** Time limit in ms; the runner stops waiting (and, where it can, stops the work) after it. */
  limitMs: number;
}

/**
 * What the handler answered. `handled` carries its return value: for `function_executed` the
 * `{ outputs, error, completed }` object (a runner that completes executions through the Web
 * API itself, as Slack's runtime does, answers `{ completed: false }`), else the response.
 */
export type RunResult = DispatchResult;

/** Runs one event envelope for a function and returns the handler's answer. Never throws. */
export interface FunctionRunner {
  run(request: RunRequest): Promise<RunResult>;
  /** Stops whatever the runner keeps running (called when the platform stops). */
  close?(): void | Promise<void>;
}

/** The event type of an envelope's body, as deno-slack-runtime reads it. */
export function eventType(body: Record<string, unknown>): string {
  const event = body.event as { type?: unknown } | undefined;
  return String(event?.type ?? body.type ?? "");
}

/** The handler arguments deno-slack-runtime builds from an envelope (`extractBaseHandlerArgs`). */
export function handlerArgs(envelope: FunctionEnvelope): Record<string, unknown> {
  const { body, context } = envelope;
  const event = body.event as Record<string, unknown> | undefined;
  const data = body.function_data as { inputs?: unknown } | undefined;
  const base: Record<string, unknown> = {
    body,
    env: { ...context.variables },
    enterprise_id: String(body.enterprise_id ?? ""),
    inputs: event?.inputs ?? data?.inputs ?? {},
    token: String(event?.bot_access_token ?? body.bot_access_token ?? context.bot_access_token),
    team_id: context.team_id,
  };
  const type = eventType(body);
  if (type === "function_executed") return { ...base, event };
  if (type === "block_actions") return { ...base, action: (body.actions as unknown[])?.[0] };
  if (type === "view_submission" || type === "view_closed") return { ...base, view: body.view };
  return base;
}

const HANDLERS = {
  block_actions: "blockActions",
  view_submission: "viewSubmission",
  view_closed: "viewClosed",
} as const;

/** Calls the module's handler for the envelope, within `limitMs`. Never throws. */
export async function dispatchEnvelope(
  module: FunctionModule,
  request: RunRequest,
  timer: LimitTimer = wallClockTimer,
): Promise<RunResult> {
  const { envelope, limitMs } = request;
  const type = eventType(envelope.body);
  const args = handlerArgs(envelope);
  if (type !== "function_executed") {
    const name = HANDLERS[type as keyof typeof HANDLERS];
    if (!name) return { status: "unhandled", message: `Received an unsupported event "${type}"` };
    return await dispatchInteraction(module, name, args, limitMs, timer);
  }
  const handler = module.default;
  if (typeof handler !== "function") {
    return { status: "unhandled", message: "its module has no default export" };
  }
  try {
    const value = await withTimeout(
      Promise.resolve().then(() => handler(args)),
      limitMs,
      `function "${request.callbackId}"`,
      timer,
    );
    return { status: "handled", response: value as Record<string, unknown> };
  } catch (error) {
    return { status: "error", error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/**
 * The in-process runner with every handler call confined as hosted Slack confines a function
 * (`confine.ts`): exact outgoing hosts, no `Deno.env`, no file writes. A function's module is
 * imported (and its top level evaluated) before, outside the confinement: Deno lets the context
 * of a module's first import leak into unrelated later tasks (seen with Deno 2.9), which would
 * confine code that is not the app's. The deploy rehearsal runs top-level code confined.
 */
export function confinedRunner(
  loadFunction: (callbackId: string) => Promise<FunctionModule>,
  timer: LimitTimer,
  confinement: Confinement,
): FunctionRunner {
  const runner = inProcessRunner(loadFunction, timer);
  return {
    async run(request) {
      try {
        await loadFunction(request.callbackId); // cached: the confined run finds it loaded
      } catch (error) {
        return { status: "error", error: error as Error };
      }
      return await runConfined(confinement, () => runner.run(request));
    },
  };
}

/** How many handlers the in-process runner runs at once (the rest wait their turn). */
export const IN_PROCESS_CONCURRENCY = 16;

/**
 * Runs handlers in the platform's process (module state is kept between executions). At most
 * `concurrency` handlers run at once and a handler's limit counts from its own start, as each
 * Slack execution has its limit to itself: a thousand simultaneous webhooks then queue instead of
 * sharing one thread a thousand ways until all of them run out of time. `timer` decides when a
 * limit has elapsed (default: the wall clock).
 */
export function inProcessRunner(
  loadFunction: (callbackId: string) => Promise<FunctionModule>,
  timer: LimitTimer = wallClockTimer,
  concurrency = IN_PROCESS_CONCURRENCY,
): FunctionRunner {
  let running = 0;
  const waiting: (() => void)[] = [];
  const turn = async () => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const done = () => {
    running--;
    waiting.shift()?.();
  };
  return {
    async run(request) {
      await turn();
      try {
        let module: FunctionModule;
        try {
          module = await loadFunction(request.callbackId);
        } catch (error) {
          return { status: "error", error: error as Error };
        }
        return await dispatchEnvelope(module, request, timer);
      } finally {
        done();
      }
    },
  };
}
