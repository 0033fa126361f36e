/**
 * The local platform's server: the Web API (`/api/<method>`), webhook triggers
 * (`/triggers/<team>/<trigger>/<secret>`), the page and its `/_local/*` endpoints, and the
 * workflow runtime that runs the unchanged app. `startPlatform` is used by `local/main.ts`
 * (`deno task start`), by tests and by benchmarks (port 0, `:memory:` storage).
 *
 * @module
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openSqliteStorage } from "./storage/sqlite.ts";
import type { Storage, TriggerRecord } from "./storage/types.ts";
import { createWebApi, type WebApi } from "./web_api/mod.ts";
import { randomHex } from "./web_api/context.ts";
import { loadApp, type LoadedApp } from "./runtime/app.ts";
import { Engine } from "./runtime/engine.ts";
import { registerOutgoingDomains } from "./runtime/outgoing.ts";
import { HandlerPool } from "./runtime/handler_pool.ts";
import { FUNCTION_TIMEOUT_MS, INTERACTIVITY_TIMEOUT_MS } from "./runtime/dispatch.ts";
import { RuntimeState } from "./runtime/state.ts";
import { type DemoInfo, type DemoSetup, setupDemo } from "./_demo.ts";
import { readEnvFile } from "./_env.ts";
import { EventHub, sseDetail } from "./_events.ts";
import { tokenTable } from "./_tokens.ts";
import { json } from "./_local_routes.ts";
import { openDataFolder } from "./_data_folder.ts";
import { createRouter } from "./_router.ts";
import { rateLimiter, WEBHOOK_RATE_LIMIT, withOrigin } from "./_webhook.ts";
import { type ApiRateLimiter, createApiRateLimiter } from "./web_api/rate_limits.ts";

export type { DemoInfo } from "./_demo.ts";

/** The local workspace. */
export const TEAM = { id: "T0LOCAL001", name: "Local workspace", domain: "local" } as const;
/** The app's bot user. */
export const BOT_USER_ID = "U0APPBOT01";
/** Environment variable through which the app widens its own outgoing-domain check. */
export const EXTRA_DOMAINS_ENV = "COUNTERSIGN_EXTRA_OUTGOING_DOMAINS";
/** Set once a start has completed on a data folder. */
const INITIALIZED_SETTING = "platform.initialized";
/** This repository's folder: its app gets the demo workspace by default. */
const OWN_APP_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Options of {@linkcode startPlatform}. */
export interface PlatformOptions {
  /** TCP port (default 3000; 0 picks a free one). */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  hostname?: string;
  /** Data folder (default `.countersign`), or `":memory:"` for a throw-away platform. */
  dataDir?: string;
  /** The app folder (default: the current directory). */
  appDir?: string;
  /** Seed Countersign's demo workspace on a fresh data folder (default true; this app only). */
  seed?: boolean;
  /** No log lines. */
  quiet?: boolean;
  /** Extra app environment variables (override `<dataDir>/env`). */
  env?: Record<string, string>;
  /** Hosts the app may fetch besides the manifest's outgoing_domains (default: 127.0.0.1). */
  extraOutgoingDomains?: string[];
  /** Function handler limit in ms (default 60 000, hosted Slack's). */
  functionTimeoutMs?: number;
  /**
   * Threads that run the app's handlers (default: one per core but one, at least one); 0 runs
   * them on the platform's own thread (a debugger then stops in app code and platform alike).
   */
  handlerThreads?: number;
  /** Webhook requests per trigger per minute (default 10, Slack's); `false` disables. */
  webhookRateLimit?: number | false;
  /**
   * Enforce Slack's Web API tiers on HTTP calls, answering 429 + Retry-After (default false);
   * a limiter of one's own (tests) replaces Slack's budgets.
   */
  rateLimits?: boolean | ApiRateLimiter;
  /** Serve `/_local/*` and the page whatever the Host header (for a non-loopback bind). */
  allowRemote?: boolean;
  /** Log sink (default console.log unless quiet). */
  log?: (line: string) => void;
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
  /** The app's triggers, with webhook URLs on this server. */
  triggers: TriggerRecord[];
  /** Demo info (Countersign's demo workspace), when seeded now or before. */
  demo?: DemoInfo;
  /** True when the data folder was new at this start. */
  fresh: boolean;
  /** The Web API rate limiter, when `rateLimits` is on. */
  rateLimits?: ApiRateLimiter;
  /** Stops the server and runtime, waits for in-flight work, closes storage. */
  close(): Promise<void>;
}

/**
 * Starts the platform: opens storage, loads the app, serves HTTP, resumes unfinished runs,
 * creates the app's triggers that do not exist yet and, on a fresh data folder, seeds the demo.
 *
 * @throws Error `Cannot start platform: …` (or the loader's `Cannot load app: …`).
 */
export async function startPlatform(opts: PlatformOptions = {}): Promise<Platform> {
  const log = opts.quiet ? () => {} : (opts.log ?? ((line: string) => console.log(line)));
  const memory = opts.dataDir === ":memory:";
  const dataDir = memory ? ":memory:" : resolve(opts.dataDir ?? ".countersign");
  const dbPath = join(dataDir, "platform.db");
  if (!memory) await Deno.mkdir(dataDir, { recursive: true });
  const app = await loadApp(opts.appDir ?? ".");
  const storage = memory ? openSqliteStorage(":memory:") : await openDataFolder(dataDir, dbPath);
  // Fresh until a start completes: a start that failed half-way (port in use …) seeds next time.
  const fresh = storage.getSetting(INITIALIZED_SETTING) === undefined;
  const cleanups: (() => void | Promise<void>)[] = [() => storage.close()];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step();
    cleanups.length = 0;
  };
  try {
    return await assemble(opts, { app, storage, dataDir, memory, fresh, log, cleanups, cleanup });
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * Opens the data folder's database after checking the folder takes writes, so a read-only or
 * full folder is reported as such instead of as SQLite's "unable to open database file".
 */
interface Parts {
  app: LoadedApp;
  storage: Storage;
  dataDir: string;
  memory: boolean;
  fresh: boolean;
  log: (line: string) => void;
  cleanups: (() => void | Promise<void>)[];
  cleanup: () => Promise<void>;
}

async function assemble(opts: PlatformOptions, parts: Parts): Promise<Platform> {
  const { app, storage, dataDir, memory, fresh, log, cleanups } = parts;
  if (!storage.getUser(BOT_USER_ID)) {
    storage.putUser({
      id: BOT_USER_ID,
      name: app.name.toLowerCase(),
      real_name: app.name,
      is_bot: true,
    });
  }
  let botToken = storage.getSetting("platform.bot_token");
  if (!botToken) {
    botToken = `xoxb-local-${randomHex(20)}`;
    storage.setSetting("platform.bot_token", botToken);
  }
  const tokens = tokenTable(new RuntimeState(storage), botToken, {
    user_id: BOT_USER_ID,
    team_id: TEAM.id,
  });

  const hub = new EventHub();
  let handler = (_req: Request) => Promise.resolve(json({ ok: false, error: "starting" }, 503));
  const hostname = opts.hostname ?? "127.0.0.1";
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve(
      { port: opts.port ?? 3000, hostname, onListen: () => {} },
      (req) => handler(req),
    );
  } catch (error) {
    const why = error instanceof Deno.errors.AddrInUse
      ? "it is in use (pick another with --port)"
      : (error as Error).message;
    throw new Error(
      `Cannot start platform: listening on ${hostname}:${opts.port ?? 3000} failed: ${why}`,
    );
  }
  cleanups.push(() => server.shutdown());
  // Before the shutdown above (cleanups run in reverse): an open page's event stream would keep
  // the server waiting for it.
  cleanups.push(() => hub.close());
  const port = server.addr.port;
  const host = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const webApiUrl = `${url}/api/`;

  const api = createWebApi({
    storage,
    datastores: (app.manifest.datastores ?? {}) as Parameters<
      typeof createWebApi
    >[0]["datastores"],
    tokens,
    baseUrl: url,
  });
  // Countersign's demo (signing key, callback receiver, seed) belongs to this repository's app;
  // another app runs on a bare workspace. A throw-away platform keeps the demo bot's key in a
  // temporary folder, removed on close.
  const ownApp = resolve(app.dir) === resolve(OWN_APP_DIR);
  const demoDir = ownApp && memory
    ? await Deno.makeTempDir({ prefix: "countersign-demo-" })
    : dataDir;
  if (ownApp && memory) {
    cleanups.push(() => Deno.remove(demoDir, { recursive: true }).catch(() => {}));
  }
  const demo: DemoSetup = ownApp
    ? await setupDemo({
      storage,
      dataDir: demoDir,
      baseUrl: url,
      seed: (opts.seed ?? true) && fresh,
      onCallback: (received) => hub.publish("callback", received),
    }).catch((error) => {
      throw new Error(`Cannot start platform: demo setup failed: ${(error as Error).message}`);
    })
    : { env: {}, notes: [] };
  for (const note of demo.notes) log(`note: ${note}`);

  const env: Record<string, string> = {
    ...demo.env,
    ...(memory ? {} : await readEnvFile(join(dataDir, "env"))),
    ...opts.env,
    SLACK_API_URL: webApiUrl,
  };
  // The platform's own host is always reachable (demo callbacks, the app's own endpoints).
  const extra = [...new Set([...(opts.extraOutgoingDomains ?? ["127.0.0.1"]), host])];
  env[EXTRA_DOMAINS_ENV] = [env[EXTRA_DOMAINS_ENV], ...extra].filter(Boolean).join(",");
  const hosts = [...app.outgoingDomains, ...extra];
  let runtimeApp = app;
  if (opts.handlerThreads === 0) {
    cleanups.push(registerOutgoingDomains(hosts));
  } else {
    const pool = new HandlerPool({
      app,
      size: opts.handlerThreads,
      hosts,
      limits: {
        default: opts.functionTimeoutMs ?? FUNCTION_TIMEOUT_MS,
        interactive: INTERACTIVITY_TIMEOUT_MS,
      },
      log: (line) => log(`[runtime] ${line}`),
    });
    // Stopped after the engine (cleanups run in reverse), so in-flight steps finish first.
    cleanups.push(() => pool.close());
    runtimeApp = { ...app, loadFunction: pool.loadFunction };
  }

  const engine = new Engine({
    storage,
    app: runtimeApp,
    api,
    identity: {
      teamId: TEAM.id,
      teamDomain: TEAM.domain,
      appId: "A0LOCALAPP",
      botUserId: BOT_USER_ID,
    },
    env,
    botToken,
    functionTimeoutMs: opts.functionTimeoutMs,
    log: (line) => log(`[runtime] ${line}`),
  });
  cleanups.push(() => engine.stop());
  for (const type of ["message", "view", "datastore", "call", "trigger"]) {
    api.events.addEventListener(type, (event) => {
      hub.publish(type, sseDetail(type, (event as CustomEvent).detail));
    });
  }
  for (const type of ["run", "view_closed", "view"]) {
    engine.events.addEventListener(type, (event) => {
      hub.publish(type, sseDetail(type, (event as CustomEvent).detail));
    });
  }
  engine.start();
  // Scheduled triggers: a cheap check each second (a few triggers, one indexed read).
  const ticker = setInterval(() => engine.fireDueSchedules(), 1000);
  cleanups.push(() => clearInterval(ticker));

  // Create the app's triggers that do not exist yet, as `slack trigger create` would.
  const existing = storage.listTriggers();
  for (const file of app.triggers) {
    const def = file.definition;
    if (existing.some((t) => t.name === def.name && t.workflow === def.workflow)) continue;
    const created = await api.call("workflows.triggers.create", def, botToken);
    if (created.ok !== true) {
      throw new Error(
        `Cannot start platform: creating trigger from "${file.file}" failed: ${created.error}`,
      );
    }
  }

  const webhookCtx = {
    storage,
    limited: rateLimiter(opts.webhookRateLimit ?? WEBHOOK_RATE_LIMIT),
    startRun: (trigger: TriggerRecord, data: Record<string, unknown>) =>
      engine.startRun(trigger, data),
    log,
  };
  const localCtx = {
    storage,
    engine,
    app,
    team: { id: TEAM.id, name: TEAM.name },
    botUserId: BOT_USER_ID,
    receiver: demo.receiver,
    openEvents: () => hub.open(),
  };
  const apiLimiter = opts.rateLimits === true
    ? createApiRateLimiter()
    : opts.rateLimits || undefined;
  handler = createRouter({
    api,
    apiLimiter,
    engine,
    webhookCtx,
    localCtx,
    pageHosts: new Set([new URL(url).host, `localhost:${port}`, `127.0.0.1:${port}`]),
    allowRemote: opts.allowRemote ?? false,
    log,
  });

  storage.setSetting(INITIALIZED_SETTING, new Date().toISOString());
  log(`Local platform for "${app.name}" on ${url} (data: ${dataDir})`);
  return {
    url,
    webApiUrl,
    storage,
    api,
    engine,
    app,
    botToken,
    triggers: storage.listTriggers().map((t) => withOrigin(t, url)),
    demo: demo.info,
    fresh,
    rateLimits: apiLimiter,
    close: parts.cleanup,
  };
}
