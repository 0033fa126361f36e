/**
 * Test helpers for the relay: an app key that signs callbacks, service keys, and a relay on a
 * free port over a given store path.
 *
 * @module
 */
import { buildCallbackPayload, importSigningKey, signCallback } from "../lib/callback/mod.ts";
import { generateTestKeyPair } from "../lib/callback/_test_keys.ts";
import { generateKeyPair } from "../lib/keys/ed25519.ts";
import type { ServiceIdentity } from "../sdk/relay_auth.ts";
import { type RelayConfig, type RunningRelay, startRelay } from "./main.ts";

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
