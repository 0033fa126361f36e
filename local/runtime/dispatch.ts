/**
 * Calls a function module's handlers the way deno-slack-runtime does: the default export for
 * `function_executed`, `blockActions` / `viewSubmission` / `viewClosed` (on the module or on its
 * default export) for interactivity, and `unhandledEvent` when a router finds no handler
 * (`UnhandledEventError`). Each call is bounded by the time limit its runner was given.
 *
 * A handler still running when its time is up is not waited for: its late result is ignored and
 * the execution is failed, which is what the caller observes on Slack. (In-process, a handler
 * that blocks the thread blocks the platform too; Slack would stop its process.)
 *
 * @module
 */
import type { FunctionModule, Handler, HandlerName } from "./app.ts";

/** Hosted Slack's limit for a function's default handler, in milliseconds. */
export const FUNCTION_TIMEOUT_MS = 60_000;
/** Hosted Slack's limit for interactivity handlers (block actions, views), in milliseconds. */
export const INTERACTIVITY_TIMEOUT_MS = 10_000;

/** Raised when a handler exceeds its time limit. */
export class HandlerTimeoutError extends Error {
  /** Creates the error for a handler `name` that ran over `ms` milliseconds. */
  constructor(name: string, ms: number) {
    super(`Cannot finish ${name}: it ran longer than ${ms / 1000} s`);
    this.name = "HandlerTimeoutError";
  }
}

/**
 * When a time limit elapses: `elapsed` resolves then, `cancel` stops waiting. The default runs a
 * `setTimeout`; tests inject one that elapses when they say so, never racing the wall clock.
 */
export type LimitTimer = (ms: number, name: string) => { elapsed: Promise<void>; cancel(): void };

/** The wall-clock {@linkcode LimitTimer}. */
export const wallClockTimer: LimitTimer = (ms) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((resolve) => timer = setTimeout(resolve, ms));
  return { elapsed, cancel: () => clearTimeout(timer) };
};

/** Resolves with the handler's result, or rejects once `ms` milliseconds have elapsed. */
export async function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  name: string,
  timer: LimitTimer = wallClockTimer,
): Promise<T> {
  const limit = timer(ms, name);
  const expired = limit.elapsed.then(() => {
    throw new HandlerTimeoutError(name, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    limit.cancel();
  }
}

/** Finds a named handler on the module or on its default export (deno-slack-runtime's lookup). */
export function findHandler(module: FunctionModule, name: HandlerName): Handler | undefined {
  const direct = module[name];
  if (typeof direct === "function") return direct;
  const nested = module.default?.[name];
  return typeof nested === "function" ? nested : undefined;
}

function isUnhandled(error: unknown): boolean {
  return error instanceof Error && error.name === "UnhandledEventError";
}

/** Result of an interactivity dispatch. */
export type DispatchResult =
  | { status: "handled"; response: Record<string, unknown> }
  | { status: "unhandled"; message: string }
  | { status: "error"; error: Error };

/**
 * Calls an interactivity handler. A missing handler or a router with no match goes to the
 * module's `unhandledEvent` when it has one, and otherwise is reported as `unhandled` (the
 * hosted runtime logs a warning); a throw or a timeout is reported as `error`. Never throws.
 */
export async function dispatchInteraction(
  module: FunctionModule,
  name: "blockActions" | "viewSubmission" | "viewClosed",
  args: Record<string, unknown>,
  timeoutMs: number,
  timer: LimitTimer = wallClockTimer,
): Promise<DispatchResult> {
  const run = async (): Promise<DispatchResult> => {
    const handler = findHandler(module, name);
    try {
      if (!handler) {
        const error = new Error(`Received a payload for ${name} but the function has no handler`);
        error.name = "UnhandledEventError";
        throw error;
      }
      const response = await handler(args);
      return { status: "handled", response: asObject(response) };
    } catch (error) {
      if (!isUnhandled(error)) throw error;
      const fallback = findHandler(module, "unhandledEvent");
      if (!fallback) return { status: "unhandled", message: (error as Error).message };
      // deno-slack-runtime passes the base arguments (no action/view) to unhandledEvent.
      const { action: _action, view: _view, ...base } = args;
      const response = await fallback(base);
      return { status: "handled", response: asObject(response) };
    }
  };
  try {
    return await withTimeout(run(), timeoutMs, name, timer);
  } catch (error) {
    return { status: "error", error: error instanceof Error ? error : new Error(String(error)) };
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? value as Record<string, unknown>
    : {};
}

/** What a default handler's result means for the execution. */
export type FunctionOutcome =
  | { kind: "completed"; outputs: Record<string, unknown> }
  | { kind: "suspended" }
  | { kind: "failed"; error: string };

/**
 * Interprets a default handler's return value like deno-slack-runtime: `{ error }` fails the
 * execution, `completed: false` leaves it running, anything else completes it with `outputs`.
 * A non-object result is an error there too (destructuring it throws).
 */
export function interpretResult(result: unknown): FunctionOutcome {
  if (result === null || typeof result !== "object") {
    return {
      kind: "failed",
      error: `Cannot complete function: handler returned ${
        result === undefined ? "nothing" : JSON.stringify(result)
      } instead of an object`,
    };
  }
  const { completed = true, outputs = {}, error } = result as {
    completed?: boolean;
    outputs?: Record<string, unknown>;
    error?: unknown;
  };
  if (error) return { kind: "failed", error: String(error) };
  if (completed === false) return { kind: "suspended" };
  return {
    kind: "completed",
    outputs: outputs !== null && typeof outputs === "object" ? outputs : {},
  };
}
