import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import fc from "fast-check";
import { toBase64 } from "../callback/keys.ts";
import { sampleRecord, type TestAppKey, testAppKey } from "./_testing.ts";
import { parseDigest } from "./digest.ts";
import { type DsseEnvelope, IN_TOTO_PAYLOAD_TYPE, preAuthEncoding, strictBase64 } from "./dsse.ts";
import { buildStatement } from "./statement.ts";
import { parseAge, signStatement, verifyAttestation } from "./verify.ts";

async function attestation(key: TestAppKey, overrides: Record<string, unknown> = {}) {
  const statement = buildStatement(await sampleRecord(overrides), { appKeyId: key.signing.keyId });
  return await signStatement(key.signing, statement);
}

const key = await testAppKey();
const envelope = await attestation(key);
const text = JSON.stringify(envelope);

function verify(body: string, checks = {}, k: TestAppKey = key) {
  return verifyAttestation(body, k.verify, k.signing.keyId, checks);
}

Deno.test("PAE is exactly the DSSE spec's encoding", () => {
  const pae = preAuthEncoding(
    "http://example.com/HelloWorld",
    new TextEncoder().encode("hello world"),
  );
  assertEquals(
    new TextDecoder().decode(pae),
    "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
  );
});

Deno.test("an attestation verifies, with the request subject and the outcome required", async () => {
  assertEquals(envelope.payloadType, IN_TOTO_PAYLOAD_TYPE);
  assertEquals(envelope.signatures.map((s) => s.keyid), [key.signing.keyId]);
  const statement = JSON.parse(atob(envelope.payload));
  const subject = parseDigest(`sha256:${statement.subject[0].digest.sha256}`);
  const result = await verify(text, { subjects: [subject], outcomes: ["approved"] });
  assert(result.ok, result.ok ? "" : result.reason);
  assertEquals(result.statement.predicate.decision.id, "deploy-bot|r-42");
});

Deno.test("the same decision signs to the same envelope (deterministic bytes)", async () => {
  assertEquals(JSON.stringify(await attestation(key)), text);
});

Deno.test("any changed byte of the envelope makes it fail", async () => {
  const bytes = new TextEncoder().encode(text);
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: bytes.length - 1 }),
      fc.integer({ min: 1, max: 255 }),
      async (at, delta) => {
        const changed = bytes.slice();
        changed[at] = (changed[at] + delta) % 256;
        const result = await verify(new TextDecoder().decode(changed));
        return !result.ok;
      },
    ),
    { numRuns: 400 },
  );
  // And every position once, so no byte is left to chance.
  for (let at = 0; at < bytes.length; at++) {
    const changed = bytes.slice();
    changed[at] ^= 0x01;
    const result = await verify(new TextDecoder().decode(changed));
    assert(!result.ok, `a change at byte ${at} still verified`);
  }
});

Deno.test("any changed byte of the payload or the signature makes it fail", async () => {
  const payload = strictBase64(envelope.payload)!;
  const sig = strictBase64(envelope.signatures[0].sig)!;
  await fc.assert(
    fc.asyncProperty(
      fc.boolean(),
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
      async (inPayload, n, delta) => {
        const target = (inPayload ? payload : sig).slice();
        const at = n % target.length;
        target[at] ^= delta;
        const changed: DsseEnvelope = inPayload
          ? { ...envelope, payload: toBase64(target) }
          : { ...envelope, signatures: [{ ...envelope.signatures[0], sig: toBase64(target) }] };
        const result = await verify(JSON.stringify(changed));
        return !result.ok && result.reason.includes("does not verify");
      },
    ),
    { numRuns: 400 },
  );
});

Deno.test("another key's public key does not verify it, and says which key signed", async () => {
  const other = await testAppKey();
  const result = await verify(text, {}, other);
  assert(!result.ok);
  assertStringIncludes(result.reason, `no signature by key id "${other.signing.keyId}"`);
  // Relabelling the signature with the other key's id does not help.
  const relabelled = {
    ...envelope,
    signatures: [{ ...envelope.signatures[0], keyid: other.signing.keyId }],
  };
  const again = await verify(JSON.stringify(relabelled), {}, other);
  assert(!again.ok);
  assertStringIncludes(again.reason, "does not verify");
});

Deno.test("a wrong subject or outcome is refused, naming what the attestation holds", async () => {
  const wrong = await verify(text, { subjects: [parseDigest(`sha256:${"0".repeat(64)}`)] });
  assert(!wrong.ok);
  assertStringIncludes(wrong.reason, `no subject has digest sha256:${"0".repeat(64)}`);
  assertStringIncludes(wrong.reason, "countersign:request:deploy-bot/r-42 sha256:");
  const denied = JSON.stringify(
    await attestation(key, { outcome: "denied", reason_code: "human_denied" }),
  );
  const refused = await verify(denied, { outcomes: ["approved", "auto_approved"] });
  assert(!refused.ok);
  assertEquals(
    refused.reason,
    `the decision's outcome is "denied", not "approved" or "auto_approved"`,
  );
});

Deno.test("a signed payload that is not a decision statement is refused", async () => {
  const { signEnvelope } = await import("./dsse.ts");
  const other = await signEnvelope(
    key.signing.privateKey,
    key.signing.keyId,
    IN_TOTO_PAYLOAD_TYPE,
    new TextEncoder().encode(
      JSON.stringify({ _type: "https://in-toto.io/Statement/v1", subject: [] }),
    ),
  );
  const result = await verify(JSON.stringify(other));
  assert(!result.ok);
  assertStringIncludes(result.reason, "predicateType");
  const wrongType = await signEnvelope(
    key.signing.privateKey,
    key.signing.keyId,
    "text/plain",
    new TextEncoder().encode("{}"),
  );
  const typed = await verify(JSON.stringify(wrongType));
  assert(!typed.ok);
  assertStringIncludes(typed.reason, `the payloadType is "text/plain"`);
});

Deno.test("base64 is read strictly: non-canonical or URL-safe text is refused", () => {
  assertEquals(strictBase64("QQ=="), new Uint8Array([65]));
  assertEquals(strictBase64("QR=="), undefined);
  assertEquals(strictBase64("-_8="), undefined);
  assertEquals(strictBase64("QQ"), undefined);
});

Deno.test("--max-age: a decision older than allowed is refused, at an injected time", async () => {
  const decidedAt = Date.parse("2023-11-14T22:14:21.000Z");
  const fresh = await verify(text, { maxAgeMs: parseAge("2h"), now: decidedAt + 7_200_000 });
  assert(fresh.ok);
  const stale = await verify(text, { maxAgeMs: parseAge("2h"), now: decidedAt + 7_200_001 });
  assert(!stale.ok);
  assertEquals(
    stale.reason,
    `the decision was made at "2023-11-14T22:14:21.000Z", more than 2h ago`,
  );
  assertEquals(parseAge("90s"), 90_000);
  assertEquals(parseAge("7d"), 604_800_000);
  for (const bad of ["0h", "2", "h", "1.5h", "-1h", "2w"]) {
    let error: unknown;
    try {
      parseAge(bad);
    } catch (e) {
      error = e;
    }
    assertStringIncludes(String(error), `Cannot read age ${JSON.stringify(bad)}`);
  }
});
