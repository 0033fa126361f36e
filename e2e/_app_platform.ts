/**
 * The real app on a fresh local platform for end-to-end tests: a temporary data folder, the demo
 * workspace, no webhook rate limit; closed and removed afterwards.
 *
 * @module
 */
import { assertExists } from "@std/assert";
import { fileURLToPath } from "node:url";
import { type Platform, startPlatform } from "../local/server.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));

/** Runs `fn` with the app on a fresh platform whose env adds `env`. */
export async function withAppPlatform(
  prefix: string,
  env: Record<string, string>,
  fn: (platform: Platform) => Promise<void>,
): Promise<void> {
  const dataDir = await Deno.makeTempDir({ prefix });
  const platform = await startPlatform({
    port: 0,
    dataDir,
    appDir: REPO,
    quiet: true,
    webhookRateLimit: false,
    env,
  });
  try {
    assertExists(platform.demo, "the demo workspace is seeded on a fresh platform");
    await fn(platform);
  } finally {
    await platform.close();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

/** Posts a request body to the app's webhook trigger and waits until the platform is idle. */
export async function sendBody(platform: Platform, body: unknown): Promise<void> {
  const url = platform.triggers.find((t) => t.webhook_url)!.webhook_url!;
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status !== 200 || json?.ok !== true) {
    throw new Error(`Cannot send request: HTTP ${res.status} ${JSON.stringify(json)}`);
  }
  await platform.engine.idle();
}
