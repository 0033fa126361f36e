/**
 * Shared test helpers for the platform's end-to-end tests: a platform running the fixture app
 * (`local/runtime/testdata/fixture_app`) with a small directory, and HTTP helpers.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { type Platform, type PlatformOptions, startPlatform } from "./server.ts";
import type { WorkflowRun } from "./storage/types.ts";
import { TEST_WORKSPACE } from "./testing.ts";

/** The fixture app's folder. */
export const FIXTURE_APP = fileURLToPath(
  new URL("./runtime/testdata/fixture_app", import.meta.url),
);

/** Users and channel the fixture tests act with (the ids of {@linkcode TEST_WORKSPACE}). */
export const ALICE = TEST_WORKSPACE.users.alice;
/** The second fixture user. */
export const BOB = TEST_WORKSPACE.users.bob;
/** The fixture tests' channel. */
export const CHANNEL = TEST_WORKSPACE.channelId;

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
      name: "approvals",
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

/** `local/main.ts`, as `deno task start` runs it. */
const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
/** The folder holding `import_map.local.json` (the repository). */
const PLATFORM_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** `deno task start`'s command with `args` (stdout piped unless `"null"`). */
export function platformCommand(args: string[], stdout: "piped" | "null" = "piped"): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--import-map=import_map.local.json", "-A", MAIN, ...args],
    cwd: PLATFORM_ROOT,
    stdout,
    stderr: "piped",
    stdin: "null",
  });
}

/**
 * Starts `deno task start`'s entry point and reads its start-up lines (up to "Press Ctrl+C");
 * the rest of its output is drained so the child never blocks on a full pipe.
 */
export async function spawnPlatform(
  args: string[],
): Promise<{ process: Deno.ChildProcess; printed: string; url?: string; webhook: string }> {
  const process = platformCommand(args).spawn();
  const reader = process.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let printed = "";
  while (!printed.includes("Press Ctrl+C")) {
    const { value, done } = await reader.read();
    if (done) break;
    printed += value;
  }
  (async () => {
    while (!(await reader.read().catch(() => ({ done: true }))).done) { /* drain */ }
  })();
  process.stderr.cancel().catch(() => {});
  const url = /Page:\s+(\S+)/.exec(printed)?.[1]?.replace(/\/$/, "");
  return { process, printed, url, webhook: /Webhook:\s+(\S+)/.exec(printed)?.[1] ?? "" };
}

/**
 * GETs `path` with a foreign `Host` header over raw HTTP/1.1 (fetch keeps its own Host header),
 * as a DNS-rebinding page would; returns the status line.
 */
export async function statusWithHost(url: string, path: string, host: string): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(new URL(url).port) });
  try {
    await conn.write(new TextEncoder().encode(
      `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    ));
    const buf = new Uint8Array(256);
    const n = await conn.read(buf);
    return new TextDecoder().decode(buf.subarray(0, n ?? 0)).split("\r\n")[0];
  } finally {
    conn.close();
  }
}
