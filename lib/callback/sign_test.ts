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
  SERVICE_HEADER,
  SIGNATURE_HEADER,
  signCallback,
  TIMESTAMP_HEADER,
  verifyCallback,
} from "./sign.ts";
import { generateTestKeyPair } from "./_testing.ts";

const NOW = Date.UTC(2026, 10, 24, 20, 0, 0);

const OPTS = { now: NOW, service: "deploy-bot" };

async function signed(service = "deploy-bot") {
  const pair = await generateTestKeyPair();
  const key = await importSigningKey(pair.pkcs8);
  const payload = buildCallbackPayload({
    service_id: service,
    request_id: "r-1",
    decision_id: "deploy-bot|r-1",
    outcome: "approved",
    reason_code: "human_approved",
    decided_by: ["U1", "U2"],
    decided_at: NOW - 1000,
  }, NOW);
  const body = JSON.stringify(payload);
  const headers = await signCallback(key, body, NOW, service);
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
  const result = await verifyCallback(pair.publicKey, new Headers(headers), body, OPTS);
  assert(result.ok, JSON.stringify(result));
  assertEquals(result.payload.outcome, "approved");
  assertEquals(result.payload.decided_by, ["U1", "U2"]);
  assertEquals(result.payload.delivered_at, NOW);
  assertEquals(result.payload.version, 2);
  assertEquals(result.payload.denial_reason, "");
  assertEquals(headers[SERVICE_HEADER], "deploy-bot");
});

Deno.test("verifyCallback rejects a tampered body", async () => {
  const { pair, body, headers } = await signed();
  const tampered = body.replace('"approved"', '"denied"');
  const result = await verifyCallback(pair.publicKey, headers, tampered, OPTS);
  assertEquals(result, { ok: false, reason: "Cannot verify callback: signature does not match" });
});

Deno.test("verifyCallback rejects a changed timestamp and a stale one", async () => {
  const { pair, body, headers } = await signed();
  const moved = { ...headers, [TIMESTAMP_HEADER]: String(NOW / 1000 + 1) };
  assertEquals((await verifyCallback(pair.publicKey, moved, body, OPTS)).ok, false);
  const stale = await verifyCallback(pair.publicKey, headers, body, {
    ...OPTS,
    now: NOW + 6 * 60_000,
  });
  assert(!stale.ok);
  assertStringIncludes(stale.reason, "too old");
});

Deno.test("verifyCallback rejects another key, missing headers and bad values", async () => {
  const { body, headers } = await signed();
  const other = await generateTestKeyPair();
  const wrongKey = await verifyCallback(other.publicKey, headers, body, OPTS);
  assert(!wrongKey.ok);
  assertStringIncludes(wrongKey.reason, "key id");
  const { pair } = await signed();
  const missing = { ...headers };
  delete missing[SIGNATURE_HEADER];
  assertStringIncludes(
    (await verifyCallback(pair.publicKey, missing, body, OPTS) as { reason: string })
      .reason,
    "missing",
  );
  const badTs = await verifyCallback(
    pair.publicKey,
    { ...headers, [TIMESTAMP_HEADER]: "soon" },
    body,
    OPTS,
  );
  assert(!badTs.ok);
  const badKey = await verifyCallback("AAAA", headers, body, OPTS);
  assert(!badKey.ok);
  assertStringIncludes(badKey.reason, "expected 32 bytes");
});

Deno.test("the canonical string binds scheme, timestamp, key id, service and body", () => {
  assertEquals(
    canonicalString("17", "abc", "svc", "{}"),
    "countersign-callback:v2\n17\nabc\nsvc\n{}",
  );
});

Deno.test("a callback for service A re-posted to B's receiver is refused", async () => {
  const { pair, body, headers } = await signed("service-a");
  const asA = await verifyCallback(pair.publicKey, headers, body, {
    now: NOW,
    service: "service-a",
  });
  assert(asA.ok);
  // B's receiver, as is: the header names A.
  const atB = await verifyCallback(pair.publicKey, headers, body, {
    now: NOW,
    service: "service-b",
  });
  assert(!atB.ok);
  assertStringIncludes(atB.reason, 'for service "service-a"');
  // Relabelled for B (header changed): the signature covers the service, so it no longer matches.
  const relabelled = { ...headers, [SERVICE_HEADER]: "service-b" };
  const forged = await verifyCallback(pair.publicKey, relabelled, body, {
    now: NOW,
    service: "service-b",
  });
  assertEquals(forged, { ok: false, reason: "Cannot verify callback: signature does not match" });
  // A receiver for several services accepts each of its own, and only those.
  assert(
    (await verifyCallback(pair.publicKey, headers, body, { ...OPTS, service: ["x", "service-a"] }))
      .ok,
  );
  assert(!(await verifyCallback(pair.publicKey, headers, body, { ...OPTS, service: [] })).ok);
});

Deno.test("verifyCallback refuses a body whose service_id is not the signed service", async () => {
  const pair = await generateTestKeyPair();
  const key = await importSigningKey(pair.pkcs8);
  const body = JSON.stringify(buildCallbackPayload({
    service_id: "service-a",
    request_id: "r-1",
    decision_id: "service-a|r-1",
    outcome: "approved",
  }, NOW));
  // Signed by the app key for B but carrying A's body: only a bug could do this; still refused.
  const headers = await signCallback(key, body, NOW, "service-b");
  const result = await verifyCallback(pair.publicKey, headers, body, {
    now: NOW,
    service: "service-b",
  });
  assert(!result.ok);
  assertStringIncludes(result.reason, "service_id");
});

Deno.test("verifyCallback refuses non-canonical base64 signatures and a missing service header", async () => {
  const { pair, body, headers } = await signed();
  const sig = headers[SIGNATURE_HEADER];
  // The last character before "==" carries 4 unused bits; flipping one keeps the bytes.
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const last = alphabet.indexOf(sig[sig.length - 3]);
  const malleable = sig.slice(0, -3) + alphabet[last ^ 1] + "==";
  for (const bad of [malleable, sig.slice(0, -2), ` ${sig}`, sig.replaceAll("+", "-")]) {
    if (bad === sig) continue;
    const result = await verifyCallback(
      pair.publicKey,
      { ...headers, [SIGNATURE_HEADER]: bad },
      body,
      OPTS,
    );
    assert(!result.ok, bad);
  }
  const noService = { ...headers };
  delete noService[SERVICE_HEADER];
  const missing = await verifyCallback(pair.publicKey, noService, body, OPTS);
  assert(!missing.ok);
  assertStringIncludes(missing.reason, "header is missing (X-Countersign-Service)");
});

Deno.test("verifyCallback accepts the window's bounds exactly and nothing beyond", async () => {
  const { pair, body, headers } = await signed();
  const at = (now: number) => verifyCallback(pair.publicKey, headers, body, { ...OPTS, now });
  assert((await at(NOW - 300_000)).ok);
  assert((await at(NOW + 300_000)).ok);
  assert(!(await at(NOW - 300_001)).ok);
  assert(!(await at(NOW + 300_001)).ok);
});

Deno.test("the approver comment is sent only for approvals, inert and bounded", () => {
  const base = { decision_id: "s|r", service_id: "s", request_id: "r" };
  const hostile = "U0BOB000001: ok\r\nafter\u2028\u202e <!here>\u200b\u0007\uE000 " +
    "y".repeat(2000);
  const approved = buildCallbackPayload(
    { ...base, outcome: "approved", approver_comment: hostile },
    NOW,
  );
  assert(approved.approver_comment.startsWith("U0BOB000001: ok after <!here> y"));
  assertEquals(/[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}]/u.test(approved.approver_comment), false);
  assertEquals(Array.from(approved.approver_comment).length, 1000);
  assert(approved.approver_comment.endsWith("…"));
  assertEquals(approved.denial_reason, "");
  for (const outcome of ["denied", "auto_approved", "expired", "rejected"]) {
    const other = buildCallbackPayload({ ...base, outcome, approver_comment: "x" }, NOW);
    assertEquals(other.approver_comment, "", outcome);
  }
  const none = buildCallbackPayload({ ...base, outcome: "approved" }, NOW);
  assertEquals(none.approver_comment, "");
});

Deno.test("the deny reason is sent only for denials, inert and bounded", () => {
  const base = { decision_id: "s|r", service_id: "s", request_id: "r" };
  const hostile = "Freeze\nweek\u202e <!channel>\u200b\u0007 " + "x".repeat(2000);
  const denied = buildCallbackPayload({ ...base, outcome: "denied", denial_reason: hostile }, NOW);
  assert(denied.denial_reason.startsWith("Freeze week <!channel> x"));
  assertEquals(/[\p{Cc}\p{Cf}]/u.test(denied.denial_reason), false);
  assertEquals(Array.from(denied.denial_reason).length, 1000);
  const approved = buildCallbackPayload({ ...base, outcome: "approved", denial_reason: "x" }, NOW);
  assertEquals(approved.denial_reason, "");
});
