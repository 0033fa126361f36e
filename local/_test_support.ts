/**
 * Shared test helpers for the platform's end-to-end tests: a platform running the fixture app
 * (`local/runtime/testdata/fixture_app`) with a small directory, and HTTP helpers.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { type Platform, type PlatformOptions, startPlatform } from "./server.ts";
import type { WorkflowRun } from "./storage/types.ts";

/** The fixture app's folder. */
export const FIXTURE_APP = fileURLToPath(
  new URL("./runtime/testdata/fixture_app", import.meta.url),
);

/** Users and channel the fixture tests act with. */
export const ALICE = "U0ALICE001";
export const BOB = "U0BOB00001";
export const CHANNEL = "C0TEST0001";

/** Starts a quiet platform on a free port running the fixture app, with a small directory. */
export async function startFixture(opts: PlatformOptions = {}): Promise<Platform> {
  const platform = await startPlatform({
    port: 0,
    dataDir: ":memory:",
    appDir: FIXTURE_APP,
    quiet: true,
    webhookRateLimit: false,
    ...opts,
  });
  const { storage } = platform;
  if (!storage.getUser(ALICE)) {
    storage.putUser({ id: ALICE, name: "alice", real_name: "Alice" });
    storage.putUser({ id: BOB, name: "bob", real_name: "Bob" });
    storage.putChannel({
      id: CHANNEL,
      name: "tests",
      is_im: false,
      members: [ALICE, BOB],
      created: 0,
    });
  }
  return platform;
}

/** The webhook URL of the trigger named `name`. */
export function webhookUrl(platform: Platform, name: string): string {
  const trigger = platform.triggers.find((t) => t.name === name);
  if (!trigger?.webhook_url) throw new Error(`no webhook trigger named ${name}`);
  return trigger.webhook_url;
}

/** POSTs a raw body; returns status and parsed JSON. */
export async function postRaw(
  url: string,
  body: string,
  type = "application/json",
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": type }, body });
  return { status: res.status, json: await res.json() };
}

/** POSTs JSON; returns status and parsed JSON. */
export function postJson(
  url: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return postRaw(url, JSON.stringify(body));
}

/** GETs JSON. */
export async function getJson(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url);
  return await res.json();
}

/** Fires a webhook and waits until the runtime has nothing in flight; returns the newest run. */
export async function fire(
  platform: Platform,
  trigger: string,
  data: Record<string, unknown>,
): Promise<WorkflowRun> {
  const res = await postJson(webhookUrl(platform, trigger), data);
  if (res.status !== 200) {
    throw new Error(`webhook answered ${res.status}: ${JSON.stringify(res.json)}`);
  }
  await platform.engine.idle();
  return platform.storage.listRuns(1)[0];
}

/** Clicks a button on the newest message of the test channel that has `actionId`. */
export async function click(
  platform: Platform,
  user: string,
  actionId: string,
  blockId = "decision",
): Promise<Record<string, unknown>> {
  const message = platform.storage.listMessages(CHANNEL).filter((m) => m.blocks).at(-1);
  if (!message) throw new Error("no message with blocks in the test channel");
  const res = await postJson(`${platform.url}/_local/actions`, {
    user,
    channel: CHANNEL,
    message_ts: message.ts,
    action_id: actionId,
    block_id: blockId,
  });
  await platform.engine.idle();
  return res.json;
}
