/**
 * Test helpers: app keys in the forms attestations use, and a final decision record.
 *
 * @module
 */
import { importPublicKey, importSigningKey, type SigningKey } from "../callback/keys.ts";
import { generateTestKeyPair } from "../callback/_testing.ts";
import { canonicalString, type UnsignedRequest } from "../contract/mod.ts";
import { requestDigest } from "../oidc/binding.ts";

/** An app key: signing half, public half for verifiers. */
export interface TestAppKey {
  signing: SigningKey;
  verify: CryptoKey;
  pkcs8: string;
}

/** A fresh app key. */
export async function testAppKey(): Promise<TestAppKey> {
  const { pkcs8, publicKey } = await generateTestKeyPair();
  const signing = await importSigningKey(pkcs8);
  return { signing, verify: await importPublicKey(publicKey), pkcs8 };
}

/** The signed request `sampleRecord` decided. */
export const SAMPLE_REQUEST: UnsignedRequest = {
  service_id: "deploy-bot",
  key_id: "k1",
  request_id: "r-42",
  timestamp: "1700000000",
  action: "deploy",
  resource: "api-server#42",
  environment: "production",
  reason: "release 42",
  triggered_by: "alice",
  source_system: "github",
  source_url: "https://ci.example.com/runs/42",
  conditions: "ci_status=passed&ticket=OPS-1",
};

/** A final human approval of {@linkcode SAMPLE_REQUEST}, with its request digest. */
export async function sampleRecord(
  overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const { timestamp: _, ...fields } = SAMPLE_REQUEST;
  return {
    id: "deploy-bot|r-42",
    ...fields,
    status: "final",
    outcome: "approved",
    reason_code: "human_approved",
    policy_id: "p-prod",
    policy_name: "Production needs a human",
    decided_by: ["U0BOB000001", "U0CAROL0001"],
    requested_at: 1_700_000_001_000,
    decided_at: 1_700_000_061_000,
    identity_method: "ed25519+oidc",
    verified_claims: JSON.stringify({
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:acme/api:ref:refs/heads/main",
      repository: "acme/api",
      ref: "refs/heads/main",
    }),
    request_digest: await requestDigest(canonicalString(SAMPLE_REQUEST)),
    callback_status: "delivered",
    ...overrides,
  };
}
