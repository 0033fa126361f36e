/**
 * What the workflow engine (`engine.ts`) is built from and what it announces.
 *
 * @module
 */
import type { Storage, WorkflowRun } from "../storage/types.ts";
import type { LoadedApp } from "./app.ts";
import type { AppIdentity } from "./payloads.ts";
import type { FunctionRunner } from "./runner.ts";
import type { PlatformRelax } from "../options.ts";

/** The Web API surface the runtime uses (see `local/web_api/mod.ts`). */
export interface RuntimeApi {
  call(
    method: string,
    args: Record<string, unknown>,
    token: string,
  ): Promise<Record<string, unknown>>;
  events: EventTarget;
  registerInteraction(userId: string): string;
}

/** Options of {@linkcode Engine}. */
export interface EngineOptions {
  storage: Storage;
  app: LoadedApp;
  api: RuntimeApi;
  identity: AppIdentity;
  /** The app's environment (`env` of every handler), including `SLACK_API_URL`. */
  env: Record<string, string>;
  /**
   * The token built-in Slack functions call the Web API with: the platform's own (Slack runs its
   * built-ins with its own access, not the app's scopes); they post as the app's bot user.
   */
  botToken: string;
  /** Limit for a function's default handler (default: hosted Slack's 60 s). */
  functionTimeoutMs?: number;
  /** Limit for interactivity handlers: clicks, submissions, closes (default: Slack's 10 s). */
  interactivityTimeoutMs?: number;
  /** Runs the app's handlers (default: {@linkcode inProcessRunner}). */
  runner?: FunctionRunner;
  now?: () => number;
  /**
   * Latency mode: how long Slack takes to deliver a click or submission to the app's handler
   * (its trigger_id is already ticking), waited on `sleep`. Default: none.
   */
  delivery?: { ms: number; sleep(ms: number): Promise<void> };
  /** Strict rules relaxed (default: every rule enforced). */
  relax?: PlatformRelax;
  /** Where to report what happened (default: nowhere). */
  log?: (line: string) => void;
}

/** Emitted on {@linkcode Engine.events} as `run` whenever a run changes. */
export interface RunEventDetail {
  run_id: string;
  status: WorkflowRun["status"];
  current_step: number;
}
