/**
 * Shared fixtures for contract, policy and handler tests: a complete, valid unsigned request and
 * a fixed key pair, so every test starts from something that passes and changes one thing.
 *
 * @module
 */
import { privateKeyPemFromSeed, publicKeyOfPrivateKey } from "../keys/ed25519.ts";
import type { UnsignedRequest } from "./fields.ts";

/** A fixed seed (bytes 1..32) for deterministic test signatures. Never use it for real. */
export const TEST_SEED: Uint8Array = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

/** PKCS#8 PEM of {@linkcode TEST_SEED}. */
export const TEST_PRIVATE_KEY_PEM: string = privateKeyPemFromSeed(TEST_SEED);

/** Raw base64 public key belonging to {@linkcode TEST_PRIVATE_KEY_PEM}. */
export const TEST_PUBLIC_KEY: string = await publicKeyOfPrivateKey(TEST_PRIVATE_KEY_PEM);

/** A valid unsigned request with every field filled, timestamped `nowMs`. */
export function sampleRequest(nowMs: number = Date.now()): UnsignedRequest {
  return {
    service_id: "ci-bot",
    key_id: "ci-bot-2026",
    request_id: "run-4242.1",
    timestamp: String(Math.floor(nowMs / 1000)),
    action: "deploy",
    resource: "api-server#152",
    environment: "production",
    reason: "Release 1.4.2: fixes the login timeout (ünïcödé ok, emoji 🚀 too)",
    triggered_by: "alice@example.com",
    source_system: "github-actions",
    source_url: "https://github.com/acme/api/actions/runs/42",
    conditions: "ci_status=passed&tests=green",
  };
}
