/**
 * A real local Slack Web API for tests: in-memory SQLite storage, the full method table, served
 * over HTTP on 127.0.0.1 so the SDK client (which bypasses `globalThis.fetch`) can reach it.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { SlackAPI } from "deno-slack-sdk/mod.ts";
 *
 * const platform = await startTestPlatform();
 * try {
 *   // A handler gets `env: { SLACK_API_URL: platform.url }` from SlackFunctionTester's
 *   // createContext; its client then calls this platform, as this one does.
 *   const client = SlackAPI(platform.token, { slackApiUrl: platform.url });
 *   const posted = await client.chat.postMessage({ channel: TEST_WORKSPACE.channelId, text: "hi" });
 *   assertEquals(posted.ok, true);
 *   assertEquals(platform.storage.listMessages(TEST_WORKSPACE.channelId).at(-1)?.text, "hi");
 * } finally {
 *   await platform.close();
 * }
 * ```
 *
 * @module
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { DatastoreDefinition } from "./datastore/mod.ts";
import { openSqliteStorage } from "./storage/sqlite.ts";
import type { Channel, Storage, User, Usergroup } from "./storage/types.ts";
import { createWebApi, type WebApi, type WebApiRelax } from "./web_api/mod.ts";
import { manifestBotScopes } from "./web_api/scopes.ts";
import { BOT_USER_ID, TEAM } from "./workspace.ts";
import { type Clock, systemClock } from "./clock.ts";
import { type Latency, latencyOf } from "./latency.ts";

/**
 * The token `SlackFunctionTester` puts in every context; accepted as the app's bot. It stands
 * for every execution's token at once, so `functions.completeSuccess/Error` takes it for any
 * execution; `startPlatform` issues one token per execution and enforces Slack's rule.
 */
export const TEST_TOKEN = "slack-function-test-token";

/** Ids of the seeded test workspace, for assertions. */
export const TEST_WORKSPACE = {
  teamId: TEAM.id,
  botUserId: BOT_USER_ID,
  users: {
    alice: "U0ALICE0001",
    bob: "U0BOB000001",
    carol: "U0CAROL0001",
    dave: "U0DAVE00001",
  },
  /** `@approvers`: alice and bob. */
  usergroupId: "S0APPROVERS",
  /** `#approvals`: everyone and the bot. */
  channelId: "C0APPROVALS",
  /** `#general`: everyone and the bot. */
  generalChannelId: "C0GENERAL01",
} as const;

/** Seeds the small workspace described by {@linkcode TEST_WORKSPACE}. */
export function seedTestWorkspace(storage: Storage, createdSeconds = 1_700_000_000): void {
  const w = TEST_WORKSPACE;
  const users: User[] = [
    { id: w.botUserId, name: "countersign", real_name: "Countersign", is_bot: true },
    {
      id: w.users.alice,
      name: "alice",
      real_name: "Alice Admin",
      email: "alice@example.com",
      is_admin: true,
    },
    { id: w.users.bob, name: "bob", real_name: "Bob Builder", email: "bob@example.com" },
    { id: w.users.carol, name: "carol", real_name: "Carol Coder", email: "carol@example.com" },
    { id: w.users.dave, name: "dave", real_name: "Dave Deployer", email: "dave@example.com" },
  ];
  for (const user of users) storage.putUser(user);
  const everyone = users.map((u) => u.id);
  const channels: Channel[] = [
    {
      id: w.channelId,
      name: "approvals",
      is_im: false,
      members: everyone,
      created: createdSeconds,
    },
    {
      id: w.generalChannelId,
      name: "general",
      is_im: false,
      members: everyone,
      created: createdSeconds,
    },
  ];
  for (const channel of channels) storage.putChannel(channel);
  const group: Usergroup = {
    id: w.usergroupId,
    handle: "approvers",
    name: "Approvers",
    users: [w.users.alice, w.users.bob],
  };
  storage.putUsergroup(group);
}

/** Options of {@linkcode startTestPlatform}. */
export interface TestPlatformOptions {
  /** Datastore definitions; defaults to the datastores of the app in `appDir`. */
  datastores?: Record<string, DatastoreDefinition>;
  /** The app folder whose `manifest.ts` gives the datastores (default: the current folder). */
  appDir?: string;
  /** Clock in Unix milliseconds; defaults to `clock`'s, else `Date.now`. */
  now?: () => number;
  /** The platform's clock (default: the wall clock); a `ManualClock` keeps tests off it. */
  clock?: Clock;
  /** Latency mode (see `latency.ts`): `true` for hosted-like delays. Default: off. */
  latency?: boolean | Partial<Latency>;
  /** Skip seeding the test workspace (an empty directory). */
  empty?: boolean;
  /**
   * The bot scopes {@linkcode TEST_TOKEN} carries (methods and fields are gated by them, as on
   * Slack); `false` for none of that. Default: the `botScopes` of the app in `appDir` when the
   * datastores come from its manifest too, else ungated.
   */
  scopes?: readonly string[] | false;
  /** Slack-strict assumptions to relax (see `WebApiRelax`). */
  relax?: WebApiRelax;
  /** Queries miss writes younger than this many ms on `now` (default 0: off). */
  eventualConsistencyMs?: number;
}

/** A running test platform. */
export interface TestPlatform {
  /** Web API base URL, e.g. `http://127.0.0.1:41234/api/`, for `SLACK_API_URL`. */
  url: string;
  storage: Storage;
  api: WebApi;
  /** The accepted bot token ({@linkcode TEST_TOKEN}). */
  token: string;
  /** The platform's clock. */
  clock: Clock;
  /**
   * A click or submission by `userId`: issues its trigger id, then waits (latency mode) as long
   * as Slack takes to bring it to the handler. Returns the trigger id.
   */
  interact(userId: string): Promise<string>;
  /** Stops the server and closes the storage. */
  close(): Promise<void>;
}

/**
 * The datastores of the app in `appDir` (default: the current folder), read from the default
 * export of its `manifest.ts` as the Web API expects them.
 */
export async function manifestDatastores(
  appDir = ".",
): Promise<Record<string, DatastoreDefinition>> {
  const manifest = await manifestJson(appDir);
  return (manifest.datastores ?? {}) as Record<string, DatastoreDefinition>;
}

/** The JSON form of the default export of `<appDir>/manifest.ts`. */
async function manifestJson(appDir = "."): Promise<{ datastores?: unknown }> {
  const url = pathToFileURL(join(resolve(appDir), "manifest.ts")).href;
  const manifest = (await import(url)).default as { datastores?: unknown } | undefined;
  // `Manifest(...)` holds class instances; its JSON form is what the platform reads.
  return JSON.parse(JSON.stringify(manifest ?? {}));
}

/** Starts a Web API on 127.0.0.1 (random port) over fresh in-memory storage. */
export async function startTestPlatform(opts: TestPlatformOptions = {}): Promise<TestPlatform> {
  const manifest = opts.datastores ? undefined : await manifestJson(opts.appDir);
  const datastores = opts.datastores ??
    (manifest?.datastores ?? {}) as Record<string, DatastoreDefinition>;
  const scopes = opts.scopes ?? (manifest ? manifestBotScopes(manifest) : false);
  const clock = opts.clock ?? systemClock;
  const latency = latencyOf(opts.latency);
  const storage = openSqliteStorage(":memory:");
  if (!opts.empty) seedTestWorkspace(storage);
  const ready = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: (addr) => ready.resolve(addr as Deno.NetAddr),
    // `api` is assigned below before the address (hence any client) exists.
  }, (req) => api.handle(req));
  const addr = await ready.promise;
  const origin = `http://127.0.0.1:${addr.port}`;
  const api: WebApi = createWebApi({
    storage,
    datastores,
    tokens: {
      [TEST_TOKEN]: {
        user_id: TEST_WORKSPACE.botUserId,
        team_id: TEST_WORKSPACE.teamId,
        ...(scopes ? { scopes } : {}),
      },
    },
    baseUrl: origin,
    now: opts.now ?? (() => clock.now()),
    latencyMs: latency.callMs,
    sleep: (ms) => clock.sleep(ms),
    relax: opts.relax,
    eventualConsistencyMs: opts.eventualConsistencyMs,
  });
  return {
    url: `${origin}/api/`,
    storage,
    api,
    token: TEST_TOKEN,
    clock,
    async interact(userId) {
      const triggerId = api.registerInteraction(userId);
      if (latency.deliveryMs > 0) await clock.sleep(latency.deliveryMs);
      return triggerId;
    },
    async close() {
      await server.shutdown();
      storage.close();
    },
  };
}
