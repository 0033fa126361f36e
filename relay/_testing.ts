/**
 * Test helpers for the relay and its callers: an app key that signs callbacks, service keys, a
 * relay on a free port over a given store path; and the local platform with its demo bot whose
 * callback URL points at a decision relay, with the human side (approve, deny with a reason, let
 * expire) driven through the platform's interactivity endpoints and expiry sweep, as the page and
 * Slack would.
 *
 * @module
 */
import { buildCallbackPayload, importSigningKey, signCallback } from "../lib/callback/mod.ts";
import { generateTestKeyPair } from "../lib/callback/_testing.ts";
import { generateKeyPair } from "../lib/keys/ed25519.ts";
import type { ServiceIdentity } from "../sdk/relay_auth.ts";
import { type RelayConfig, type RunningRelay, startRelay } from "./main.ts";
import { fileURLToPath } from "node:url";
import { type Platform, startPlatform } from "../local/server.ts";
import { ensureAppSigningKey } from "../demo/app_keys.ts";
import {
  APPROVE_ACTION_ID,
  DENY_ACTION_ID,
  DENY_REASON_ACTION_ID,
  DENY_REASON_BLOCK_ID,
} from "../functions/request_approval/constants.ts";
import { click } from "../proof/_testing.ts";

/** The app's callback key and a signer of callbacks with it. */
export async function appKey() {
  const pair = await generateTestKeyPair();
  const key = await importSigningKey(pair.pkcs8);
  return {
    publicKey: pair.publicKey,
    /** A signed callback (headers and raw body) for a decision, signed at `now`. */
    async callback(
      service: string,
      request: string,
      outcome = "approved",
      extra: { denial_reason?: string; decided_by?: string[] } = {},
      now = Date.now(),
    ) {
      const body = JSON.stringify(buildCallbackPayload({
        service_id: service,
        request_id: request,
        decision_id: `${service}|${request}`,
        outcome,
        reason_code: outcome === "denied" ? "human_denied" : "human_approved",
        decided_at: now,
        ...extra,
      }, now));
      return { headers: await signCallback(key, body, now, service), body };
    },
  };
}

/** A service identity with a fresh key. */
export async function serviceIdentity(
  serviceId: string,
  keyId = "k1",
): Promise<ServiceIdentity & { publicKey: string }> {
  const pair = await generateKeyPair();
  return { serviceId, keyId, privateKey: pair.privateKeyPem, publicKey: pair.publicKeyRaw };
}

/** Starts a relay for `services` on a free loopback port. */
export function testRelay(
  appPublicKey: string,
  services: (ServiceIdentity & { publicKey: string })[],
  opts: { dbPath?: string; now?: () => number; log?: string[]; port?: number } = {},
): Promise<RunningRelay> {
  const config: RelayConfig = {
    port: opts.port ?? 0,
    hostname: "127.0.0.1",
    dbPath: opts.dbPath ?? ":memory:",
    appPublicKeys: [appPublicKey],
    services: new Map(
      services.map((s) => [s.serviceId, new Map([[s.keyId, s.publicKey]])]),
    ),
    retentionMs: 7 * 24 * 3600_000,
    maxWaitSeconds: 60,
    cleanupMs: 3600_000,
  };
  return startRelay(config, { now: opts.now, log: (line) => opts.log?.push(line) });
}

/** POSTs a signed callback to the relay's endpoint for `service`. */
export async function postCallback(
  relayUrl: string,
  service: string,
  cb: { headers: Record<string, string>; body: string },
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${relayUrl}/v1/callbacks/${service}`, {
    method: "POST",
    headers: cb.headers,
    body: cb.body,
  });
  return { status: res.status, json: await res.json() };
}

/** The repository root. */
export const REPO = fileURLToPath(new URL("..", import.meta.url));

/** A platform plus relay, wired together, and what a caller needs to know. */
export interface CallerWorld {
  platform: Platform;
  relay: RunningRelay;
  appPublicKey: string;
  serviceId: string;
  keyId: string;
  keyPath: string;
  webhookUrl: string;
  dataDir: string;
  /** Restarts the relay on the same port and database (a deploy, a crash). */
  restartRelay(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the local platform and a relay for its demo bot (file-backed, so restarts keep data);
 * `readers` adds more services the relay serves reads to (id and read key).
 */
export async function callerWorld(
  opts: { env?: Record<string, string>; readers?: (ServiceIdentity & { publicKey: string })[] } =
    {},
): Promise<CallerWorld> {
  const dataDir = await Deno.makeTempDir({ prefix: "countersign_caller_" });
  const platform = await startPlatform({
    port: 0,
    dataDir,
    appDir: REPO,
    quiet: true,
    webhookRateLimit: false,
    env: opts.env,
  });
  const demo = platform.demo!;
  const { publicKeyRawB64: appPublicKey } = await ensureAppSigningKey(platform.storage);
  const service = {
    serviceId: demo.serviceId,
    keyId: demo.keyId,
    privateKey: "",
    publicKey: String(demo.publicKey),
  };
  const dbPath = `${dataDir}/relay.db`;
  const services = [service, ...(opts.readers ?? [])];
  let relay = await testRelay(appPublicKey, services, { dbPath });
  const port = Number(new URL(relay.url).port);
  // The bot's callback URL points at the relay (docs/relay.md).
  const stored = platform.storage.getItem("services", demo.serviceId)!;
  platform.storage.putItem("services", demo.serviceId, {
    ...stored,
    callback_url: `${relay.url}/v1/callbacks/${demo.serviceId}`,
  });
  const world: CallerWorld = {
    platform,
    relay,
    appPublicKey,
    serviceId: demo.serviceId,
    keyId: demo.keyId,
    keyPath: demo.privateKeyPath,
    webhookUrl: platform.triggers.find((t) => t.webhook_url)!.webhook_url!,
    dataDir,
    async restartRelay() {
      await relay.close();
      relay = await testRelay(appPublicKey, services, { dbPath, port });
      world.relay = relay;
    },
    async close() {
      await relay.close();
      await platform.close();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
  return world;
}

/** The `COUNTERSIGN_*` settings of the MCP server and the hook for this world's demo bot. */
export function callerEnv(w: CallerWorld): Record<string, string> {
  return {
    COUNTERSIGN_WEBHOOK_URL: w.webhookUrl,
    COUNTERSIGN_KEY_FILE: w.keyPath,
    COUNTERSIGN_SERVICE_ID: w.serviceId,
    COUNTERSIGN_KEY_ID: w.keyId,
    COUNTERSIGN_RELAY_URL: w.relay.url,
    COUNTERSIGN_APP_PUBLIC_KEY: w.appPublicKey,
  };
}

/** Waits until the request's approval message is posted; returns the pending record's message. */
export async function approvalMessage(
  platform: Platform,
  decisionId: string,
): Promise<{ channel: string; ts: string; blocks?: unknown[] }> {
  for (;;) {
    const record = platform.storage.getItem("decisions", decisionId);
    if (record?.status === "pending" && record.message_ts) {
      const message = platform.storage.getMessage(
        String(record.message_channel),
        String(record.message_ts),
      )!;
      return message;
    }
    if (record?.status === "final") throw new Error(`${decisionId} was decided without a human`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function clickOn(platform: Platform, user: string, decisionId: string, actionId: string) {
  const message = await approvalMessage(platform, decisionId);
  await click(
    platform,
    user,
    message,
    actionId,
    actionId === APPROVE_ACTION_ID ? "approve" : "deny",
  );
  await platform.engine.idle();
}

/** An approver clicks Approve on the request's message. */
export function approve(platform: Platform, decisionId: string): Promise<void> {
  return clickOn(platform, platform.demo!.users.approver1, decisionId, APPROVE_ACTION_ID);
}

/** An approver clicks Deny and submits the modal with `reason`. */
export async function deny(platform: Platform, decisionId: string, reason: string): Promise<void> {
  const user = platform.demo!.users.approver2;
  await clickOn(platform, user, decisionId, DENY_ACTION_ID);
  const views = await (await fetch(`${platform.url}/_local/views?as=${user}`)).json();
  const viewId = (views.views as { id: string }[]).at(-1)!.id;
  const res = await fetch(`${platform.url}/_local/views/submit`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      user,
      view_id: viewId,
      values: { [DENY_REASON_BLOCK_ID]: { [DENY_REASON_ACTION_ID]: { value: reason } } },
    }),
  });
  await res.body?.cancel();
  await platform.engine.idle();
}

/** The request's time limit passes and the expiry sweep runs ("Run now"). */
export async function expire(platform: Platform, decisionId: string): Promise<void> {
  await approvalMessage(platform, decisionId);
  const item = platform.storage.getItem("decisions", decisionId)!;
  platform.storage.putItem("decisions", decisionId, { ...item, expires_at: Date.now() - 1000 });
  const sweep = platform.storage.listTriggers().find((t) => t.name === "Countersign expiry sweep")!;
  platform.engine.startRun(sweep, {});
  await platform.engine.idle();
}
