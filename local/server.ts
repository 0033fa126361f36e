/**
 * The local platform's server: the Web API (`/api/<method>`), webhook triggers
 * (`/triggers/<team>/<trigger>/<secret>`), the page and its `/_local/*` endpoints, and the
 * workflow runtime that runs the unchanged app. `startPlatform` is used by `local/main.ts`
 * (`deno task start`), by tests and by benchmarks (port 0, `:memory:` storage).
 *
 * @module
 */
import { join, resolve } from "node:path";
import { openSqliteStorage } from "./storage/sqlite.ts";
import type { Storage, TriggerRecord } from "./storage/types.ts";
import { createWebApi, type WebApiOptions } from "./web_api/mod.ts";
import { randomHex } from "./web_api/context.ts";
import { loadApp, type LoadedApp } from "./runtime/app.ts";
import type { Platform, PlatformOptions } from "./options.ts";
import { Engine } from "./runtime/engine.ts";
import { registerOutgoingDomains } from "./runtime/outgoing.ts";
import { confinedRunner } from "./runtime/runner.ts";
import { confinementOf, installConfinementGuards } from "./runtime/confine.ts";
import { RuntimeState } from "./runtime/state.ts";
import { resolvePlugin, setUpPlugin } from "./plugin.ts";
import { readEnvFile } from "./startup/env.ts";
import { EventHub } from "./page/live.ts";
import { tokenTable } from "./web_api/tokens.ts";
import { manifestBotScopes } from "./web_api/scopes.ts";
import { json } from "./http/json.ts";
import { openDataFolder } from "./startup/data_folder.ts";
import { createRouter, type Route } from "./http/router.ts";
import { handleWebhook, rateLimiter, WEBHOOK_RATE_LIMIT, withOrigin } from "./http/webhook.ts";
import { pageRoutes } from "./page/routes.ts";
import { serveStatic } from "./page/static.ts";
import { observeApiCall } from "./runtime/interactivity.ts";
import { createApiRateLimiter } from "./web_api/rate_limits.ts";
import { strictSettings } from "./strict.ts";

import { BOT_USER_ID, TEAM } from "./workspace.ts";

export type { Platform, PlatformOptions } from "./options.ts";

export { BOT_USER_ID, TEAM } from "./workspace.ts";
/** Set once a start has completed on a data folder. */
const INITIALIZED_SETTING = "platform.initialized";
/** File in the data folder holding the app's bot token (mode 0600), for tools like the CLI. */
export const BOT_TOKEN_FILE = "bot_token";

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
  const app = await loadApp(opts.appDir ?? "."); // first: a failed load touches no data folder
  const folder = memory ? undefined : await openDataFolder(dataDir);
  const storage = folder?.storage ?? openSqliteStorage(":memory:");
  // Fresh until a start completes: a start that failed half-way (port in use …) seeds next time.
  const fresh = storage.getSetting(INITIALIZED_SETTING) === undefined;
  const cleanups: (() => void | Promise<void>)[] = [() => folder?.release(), () => storage.close()];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step();
    cleanups.length = 0;
  };
  try {
    return await assemble(opts, { app, storage, dataDir, memory, fresh, log, cleanups, cleanup });
  } catch (error) {
    cleanups.shift(); // `abandon` unlocks, once the files this start created are gone
    await cleanup();
    await folder?.abandon();
    throw error;
  }
}

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
  if (!memory) {
    // For tools (the CLI's export) that call the Web API as the app, as `slack auth token` keeps
    // a token: a private file, so nothing needs to read the platform's database.
    const file = join(dataDir, BOT_TOKEN_FILE);
    await Deno.writeTextFile(file, `${botToken}\n`, { mode: 0o600 });
    await Deno.chmod(file, 0o600);
  }
  // The platform's own token (Slack's built-ins; creating triggers as the CLI does), per start.
  const platformToken = `xoxp-local-platform-${randomHex(20)}`;
  const bot = { user_id: BOT_USER_ID, team_id: TEAM.id }, scopes = manifestBotScopes(app.manifest);
  const tokens = tokenTable(new RuntimeState(storage), botToken, bot, { scopes, platformToken });

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

  const strict = strictSettings(opts);
  const apiLimiter = opts.rateLimits === true
    ? createApiRateLimiter()
    : opts.rateLimits || undefined;
  const api = createWebApi({
    storage,
    datastores: (app.manifest.datastores ?? {}) as WebApiOptions["datastores"],
    tokens,
    baseUrl: url,
    limiter: apiLimiter,
    ...strict.api,
    // Only HTTP calls are observed, and the router that serves them exists after the engine.
    observe: (method, token, args, result) => observeApiCall(engine, method, token, args, result),
  });
  // The plugin gets a folder for its files; a throw-away platform's is temporary.
  const pluginDir = memory ? await Deno.makeTempDir({ prefix: "local-platform-" }) : dataDir;
  if (memory) cleanups.push(() => Deno.remove(pluginDir, { recursive: true }).catch(() => {}));
  // The platform's own host is always reachable (the app's own endpoints, plugin receivers).
  const extra = [...new Set([...(opts.extraOutgoingDomains ?? ["127.0.0.1"]), host])];
  const plugin = await resolvePlugin(opts.plugin, app.dir);
  const setup = await setUpPlugin(plugin, {
    app: { name: app.name, dir: app.dir, datastores: Object.keys(app.manifest.datastores ?? {}) },
    workspace: storage,
    seed: (opts.seed ?? true) && fresh,
    dataDir: pluginDir,
    baseUrl: url,
    outgoingHosts: extra,
    publish: (type, data) => hub.publish(type, data),
    log: (line) => log(`[${plugin?.name}] ${line}`),
  });
  if (setup.close) cleanups.push(() => setup.close!());
  const given = {
    ...(memory ? {} : await readEnvFile(join(dataDir, "env"))),
    ...opts.env,
  };
  const env: Record<string, string> = {
    ...(setup.env ? setup.env(given) : given),
    SLACK_API_URL: webApiUrl,
  };
  extra.push(...(setup.outgoingHosts ?? []).filter((h) => !extra.includes(h)));
  const hosts = [...app.outgoingDomains, ...extra];
  const confinement = confinementOf(hosts, opts.relax);
  cleanups.push(registerOutgoingDomains(hosts), installConfinementGuards(confinement));
  // Handlers run here are confined as on Slack; a runner of one's own confines its own way.
  const runner = opts.runner ??
    confinedRunner(app.loadFunction, opts.limitTimer ?? strict.timer, confinement);
  // Stopped after the engine (cleanups run in reverse), so in-flight steps finish first.
  if (runner.close) cleanups.push(() => runner.close!());

  const engine = new Engine({
    storage,
    app,
    api,
    runner,
    identity: {
      teamId: TEAM.id,
      teamDomain: TEAM.domain,
      appId: "A0LOCALAPP",
      botUserId: BOT_USER_ID,
    },
    env,
    botToken: platformToken, // Slack's built-ins run with Slack's access, not the app's scopes
    functionTimeoutMs: opts.functionTimeoutMs,
    interactivityTimeoutMs: opts.interactivityTimeoutMs,
    ...strict.engine,
    log: (line) => log(`[runtime] ${line}`),
  });
  cleanups.push(() => engine.stop());
  hub.follow(api.events, ["message", "view", "datastore", "call", "trigger"]);
  hub.follow(engine.events, ["run", "view_closed", "view"]);
  engine.start();
  // Scheduled triggers: a cheap check each second (a few triggers, one indexed read).
  const ticker = setInterval(() => engine.fireDueSchedules(), 1000);
  cleanups.push(() => clearInterval(ticker));

  // Create the app's triggers that do not exist yet, as `slack trigger create` would.
  const existing = storage.listTriggers();
  for (const file of app.triggers) {
    const def = file.definition;
    if (existing.some((t) => t.name === def.name && t.workflow === def.workflow)) continue;
    // With the platform's token, as `slack trigger create` uses the CLI's (not the bot's).
    const created = await api.call("workflows.triggers.create", def, platformToken);
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
  const page = setup.page;
  const open: Route[] = [
    { method: "*", path: "/api/*", handle: (req) => api.handle(req) },
    {
      method: "*",
      path: "/triggers/*",
      handle: (req, u) => handleWebhook(webhookCtx, req, u.pathname),
    },
  ];
  const pageRouteList: Route[] = [
    ...pageRoutes({
      storage,
      engine,
      app,
      team: { id: TEAM.id, name: TEAM.name },
      botUserId: BOT_USER_ID,
      page: {
        panels: page?.panels ?? [],
        stylesheet: page?.stylesheet,
        storageKey: page?.storageKey ?? "local-platform",
        defaultChannel: page?.defaultChannel,
      },
      openEvents: () => hub.open(),
    }),
    ...(setup.routes ?? []).map((r): Route => ({ ...r, handle: (req, u) => r.handle(req, u) })),
    ...(page?.dir
      ? [
        {
          method: "GET",
          path: "/_local/plugin/:file",
          handle: (_req, _u, p) => serveStatic(p.file, page.dir),
        } satisfies Route,
      ]
      : []),
    { method: "GET", path: "/", handle: () => serveStatic("index.html") },
    { method: "GET", path: "/:file", handle: (_req, _u, p) => serveStatic(p.file) },
  ];
  handler = createRouter({
    open,
    page: pageRouteList,
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
    cliToken: platformToken,
    triggers: storage.listTriggers().map((t) => withOrigin(t, url)),
    demo: setup.info,
    plugin: plugin ? { name: plugin.name, setup } : undefined,
    fresh,
    rateLimits: apiLimiter,
    close: parts.cleanup,
  };
}
