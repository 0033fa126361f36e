/**
 * The options of {@linkcode startPlatform} and what it returns.
 *
 * @module
 */
import type { Storage, TriggerRecord } from "./storage/types.ts";
import type { WebApi } from "./web_api/mod.ts";
import type { LoadedApp } from "./runtime/app.ts";
import type { Engine } from "./runtime/engine.ts";
import type { LimitTimer } from "./runtime/dispatch.ts";
import type { FunctionRunner } from "./runtime/runner.ts";
import type { ApiRateLimiter } from "./web_api/rate_limits.ts";
import type { WebApiRelax } from "./web_api/context.ts";
import type { PlatformPlugin, PluginInfo, PluginSetup } from "./plugin.ts";
import type { Clock } from "./clock.ts";
import type { Latency } from "./latency.ts";
import type { OpenFormRelax } from "./runtime/open_form_rules.ts";

/** Options of `startPlatform`. */
export interface PlatformOptions {
  /** TCP port (default 3000; 0 picks a free one). */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  hostname?: string;
  /** Data folder (default `.countersign`), or `":memory:"` for a throw-away platform. */
  dataDir?: string;
  /** The app folder (default: the current directory). */
  appDir?: string;
  /**
   * The local plugin (see `plugin.ts`): a module path, a loaded plugin, or false for none.
   * Default: the app folder's `demo/plugin.ts` when it has one.
   */
  plugin?: string | PlatformPlugin | false;
  /** Let the plugin seed its workspace on a fresh data folder (default true). */
  seed?: boolean;
  /** No log lines. */
  quiet?: boolean;
  /** Extra app environment variables (override `<dataDir>/env`). */
  env?: Record<string, string>;
  /** Hosts the app may fetch besides the manifest's outgoing_domains (default: 127.0.0.1). */
  extraOutgoingDomains?: string[];
  /** Function handler limit in ms (default 60 000, hosted Slack's). */
  functionTimeoutMs?: number;
  /** Interactivity handler limit in ms (default 10 000, Slack's). */
  interactivityTimeoutMs?: number;
  /**
   * When a handler's time limit elapses (default: `clock`'s timer). Tests inject one that elapses
   * when they decide, so no time-limit test races the machine's speed.
   */
  limitTimer?: LimitTimer;
  /**
   * Runs the app's handlers, one event envelope at a time (default: in the platform's process,
   * see `runtime/runner.ts`). A runner given here is closed with the platform.
   */
  runner?: FunctionRunner;
  /** Webhook requests per trigger per minute (default 10, Slack's); `false` disables. */
  webhookRateLimit?: number | false;
  /**
   * Enforce Slack's Web API tiers on HTTP calls, answering 429 + Retry-After (default false);
   * a limiter of one's own (tests) replaces Slack's budgets.
   */
  rateLimits?: boolean | ApiRateLimiter;
  /**
   * Relax Slack-strict assumptions, where Slack does not document its behaviour
   * (docs/slack_rules.md). Default: none relaxed, the platform refuses what Slack may refuse.
   */
  relax?: PlatformRelax;
  /**
   * Make `apps.datastore.query` eventually consistent, as Slack's scan may be: a query misses
   * writes younger than this many ms (default 0: off).
   */
  eventualConsistencyMs?: number;
  /** The platform's clock (default: the wall clock); tests inject a `ManualClock`. */
  clock?: Clock;
  /**
   * Latency mode (see `latency.ts`): hosted-like delays on every Web API call and interaction,
   * waited on `clock`. `true` takes `HOSTED_LATENCY`. Default: off.
   */
  latency?: boolean | Partial<Latency>;
  /** Serve `/_local/*` and the page whatever the Host header (for a non-loopback bind). */
  allowRemote?: boolean;
  /** Log sink (default console.log unless quiet). */
  log?: (line: string) => void;
}

/** The strict assumptions {@linkcode PlatformOptions.relax} can turn off, one flag each. */
export interface PlatformRelax extends WebApiRelax, OpenFormRelax {
  /**
   * Let handlers run in-process read the platform's environment (`Deno.env`). Slack runs
   * functions without `--allow-env`; settings reach them only as `env` from the payload.
   */
  hostEnv?: boolean;
  /** Let handlers run in-process write files (assumed refused on Slack: no `--allow-write`). */
  fileWrites?: boolean;
}

/** A running platform. */
export interface Platform {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** The Web API base the app uses (`SLACK_API_URL`), ending in `/api/`. */
  webApiUrl: string;
  storage: Storage;
  api: WebApi;
  engine: Engine;
  app: LoadedApp;
  /** The app's bot token (accepted by the Web API). */
  botToken: string;
  /** The platform's own token, as the Slack CLI's: creates triggers, not gated by the app's scopes. */
  cliToken: string;
  /** The app's triggers, with webhook URLs on this server. */
  triggers: TriggerRecord[];
  /** The plugin's `info` (e.g. its demo workspace), when it gave one. */
  demo?: PluginInfo;
  /** The loaded plugin and what it brought (undefined without one). */
  plugin?: { name: string; setup: PluginSetup };
  /** True when the data folder was new at this start. */
  fresh: boolean;
  /** The Web API rate limiter, when `rateLimits` is on. */
  rateLimits?: ApiRateLimiter;
  /** Stops the server and runtime, waits for in-flight work, closes storage. */
  close(): Promise<void>;
}
