import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { importSigningKey } from "./keys.ts";
import { buildCallbackPayload } from "./payload.ts";
import {
  canonicalString,
  KEY_ID_HEADER,
  SIGNATURE_HEADER,
  signCallback,
  TIMESTAMP_HEADER,
  verifyCallback,
} from "./sign.ts";
import { generateTestKeyPair } from "./_test_keys.ts";

const NOW = Date.UTC(2026, 10, 24, 20, 0, 0);

async function signed() {
  const pair = await generateTestKeyPair();
  const key = await importSigningKey(pair.pkcs8);
  const payload = buildCallbackPayload({
    service_id: "deploy-bot",
    request_id: "r-1",
    decision_id: "deploy-bot|r-1",
    outcome: "approved",
    reason_code: "human_approved",
    decided_by: ["U1", "U2"],
    decided_at: NOW - 1000,
  }, NOW);
  const body = JSON.stringify(payload);
  const headers = await signCallback(key, body, NOW);
  return { pair, key, body, headers };
}

Deno.test("importSigningKey derives the public key and a stable key id", async () => {
  const { pair, key } = await signed();
  assertEquals(key.publicKey, pair.publicKey);
  assertMatch(key.keyId, /^[0-9a-f]{16}$/);
  assertEquals((await importSigningKey(pair.pkcs8)).keyId, key.keyId);
});

Deno.test("importSigningKey rejects garbage without echoing it", async () => {
  const err = await assertRejects(() => importSigningKey("c2VjcmV0LW5vdC1hLWtleQ=="));
  assertStringIncludes(err.message, "Cannot import signing key");
  assert(!err.message.includes("c2VjcmV0"));
  await assertRejects(() => importSigningKey("%%%"), Error, "not base64");
});

Deno.test("a signed callback verifies and yields the payload", async () => {
  const { pair, key, body, headers } = await signed();
  assertEquals(headers[TIMESTAMP_HEADER], String(NOW / 1000));
  assertEquals(headers[KEY_ID_HEADER], key.keyId);
  const result = await verifyCallback(pair.publicKey, new Headers(headers), body, { now: NOW });
  assert(result.ok, JSON.stringify(result));
  assertEquals(result.payload.outcome, "approved");
  assertEquals(result.payload.decided_by, ["U1", "U2"]);
  assertEquals(result.payload.delivered_at, NOW);
  assertEquals(result.payload.version, 1);
});

Deno.test("verifyCallback rejects a tampered body", async () => {
  const { pair, body, headers } = await signed();
  const tampered = body.replace('"approved"', '"denied"');
  const result = await verifyCallback(pair.publicKey, headers, tampered, { now: NOW });
  assertEquals(result, { ok: false, reason: "Cannot verify callback: signature does not match" });
});

Deno.test("verifyCallback rejects a changed timestamp and a stale one", async () => {
  const { pair, body, headers } = await signed();
  const moved = { ...headers, [TIMESTAMP_HEADER]: String(NOW / 1000 + 1) };
  assertEquals((await verifyCallback(pair.publicKey, moved, body, { now: NOW })).ok, false);
  const stale = await verifyCallback(pair.publicKey, headers, body, { now: NOW + 6 * 60_000 });
  assert(!stale.ok);
  assertStringIncludes(stale.reason, "too old");
});

Deno.test("verifyCallback rejects another key, missing headers and bad values", async () => {
  const { body, headers } = await signed();
  const other = await generateTestKeyPair();
  const wrongKey = await verifyCallback(other.publicKey, headers, body, { now: NOW });
  assert(!wrongKey.ok);
  assertStringIncludes(wrongKey.reason, "key id");
  const { pair } = await signed();
  const missing = { ...headers };
  delete missing[SIGNATURE_HEADER];
  assertStringIncludes(
    (await verifyCallback(pair.publicKey, missing, body, { now: NOW }) as { reason: string })
      .reason,
    "missing",
  );
  const badTs = await verifyCallback(
    pair.publicKey,
    { ...headers, [TIMESTAMP_HEADER]: "soon" },
    body,
    {
      now: NOW,
    },
  );
  assert(!badTs.ok);
  const badKey = await verifyCallback("AAAA", headers, body, { now: NOW });
  assert(!badKey.ok);
  assertStringIncludes(badKey.reason, "expected 32 bytes");
});

Deno.test("the canonical string binds version, timestamp, key id and body", () => {
  assertEquals(canonicalString("17", "abc", "{}"), "countersign-callback:v1\n17\nabc\n{}");
});
