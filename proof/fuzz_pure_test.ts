/**
 * Property-based fuzzing (fast-check) of the pure layers every hostile byte passes through:
 * request validation, signatures, the time window and the webhook body parser (message rendering,
 * modal state and vote counting are in `fuzz_pure_render_test.ts`). About 11,000 generated cases in
 * CI across both (`PROOF_LONG=1`: ×10).
 * Each property also asserts that nothing throws: a throw fails the property.
 */
import fc from "fast-check";
import { assert, assertEquals } from "@std/assert";
import {
  type ContractRequest,
  FIELD_SPECS,
  REQUEST_FIELDS,
  SIGNED_FIELDS,
  signedRequest,
  type UnsignedRequest,
  validateRequest,
  verifySignature,
} from "../lib/contract/mod.ts";
import { checkTimestamp } from "../lib/contract/timestamp.ts";
import { MAX_CLOCK_SKEW_MS } from "../lib/config.ts";
import { generateKeyPair } from "../lib/keys/mod.ts";
import { parseWebhookBody } from "../local/http/webhook_body.ts";
import { scale } from "./_testing.ts";
import { hostileText } from "./_arbitraries.ts";

const VALIDATION_CODES = new Set(["missing_field", "field_too_long", "malformed_field"]);

Deno.test("fuzz validateRequest: any flat body → a request or one specific rejection", () => {
  const value = fc.oneof(
    hostileText(),
    fc.string({ maxLength: 5000 }),
    fc.integer().map(String),
    fc.constantFrom(null, undefined, 0, true, [], {}, ["a"], { a: 1 }),
  );
  const body = fc.dictionary(fc.constantFrom(...REQUEST_FIELDS, "extra", "__proto__"), value);
  fc.assert(
    fc.property(body, (raw) => {
      const result = validateRequest(raw as Record<string, unknown>);
      if (result.ok) {
        for (const field of REQUEST_FIELDS) {
          assertEquals(typeof result.request[field], "string");
        }
        return;
      }
      assert(VALIDATION_CODES.has(result.code), result.code);
      assert(result.detail.startsWith("Cannot "), result.detail);
      const signature = (raw as Record<string, unknown>).signature;
      if (typeof signature === "string" && signature.length >= 16) {
        assert(!result.detail.includes(signature), "the signature is never echoed");
      }
    }),
    { numRuns: scale(3000) },
  );
});

Deno.test("fuzz signatures: changing any signed field, or the signature, is a forgery", async () => {
  const keys = await generateKeyPair();
  const base: UnsignedRequest = {
    service_id: "ci-bot",
    key_id: "ci-bot-1",
    request_id: "req-1",
    timestamp: "1700000000",
    action: "deploy",
    resource: "api-server#1",
    environment: "production",
    reason: "Release",
    triggered_by: "U0ENG00001",
    source_system: "ci",
    source_url: "https://ci.example.com/1",
    conditions: "ci_status=passed",
  };
  const signed = await signedRequest(base, keys.privateKeyPem);
  assert(await verifySignature(signed, keys.publicKeyRaw));
  const other = await generateKeyPair();
  const byOtherKey = await signedRequest(base, other.privateKeyPem);
  assert(!await verifySignature(byOtherKey, keys.publicKeyRaw), "another key's signature");
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...SIGNED_FIELDS, "signature" as const),
      hostileText(),
      async (field, text) => {
        const forged: ContractRequest = { ...signed, [field]: text };
        fc.pre(forged[field] !== signed[field]);
        assert(!await verifySignature(forged, keys.publicKeyRaw));
      },
    ),
    { numRuns: scale(1000) },
  );
});

Deno.test("fuzz time window: accepted iff within ±5 min, else stale or future", () => {
  const second = 1_800_000_000_000;
  fc.assert(
    // Arrival at any millisecond of its second: the window is symmetric whatever the fraction.
    fc.property(fc.integer({ min: -100_000, max: 100_000 }), fc.nat(999), (offset, ms) => {
      const result = checkTimestamp(String(second / 1000 + offset), second + ms);
      const inside = Math.abs(offset * 1000) <= MAX_CLOCK_SKEW_MS;
      assertEquals(result.ok, inside, `offset ${offset}`);
      if (!result.ok) {
        assertEquals(result.code, offset < 0 ? "stale_timestamp" : "future_timestamp");
      }
    }),
    { numRuns: scale(2000) },
  );
});

Deno.test("fuzz webhook bodies: parsed as flat data or refused with a status, never thrown", () => {
  const body = fc.oneof(
    fc.string({ maxLength: 2000 }),
    fc.json({ maxDepth: 3 }),
    fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })).map((o) => JSON.stringify(o)),
    fc.uint8Array({ maxLength: 500 }).map((b) => new TextDecoder().decode(b)),
  );
  fc.assert(
    fc.property(body, (text) => {
      const parsed = parseWebhookBody(text);
      if (parsed.ok) {
        for (const v of Object.values(parsed.data)) {
          assert(v === null || typeof v !== "object", "flat values only");
        }
      } else {
        assert(parsed.status >= 400 && parsed.status < 500, String(parsed.status));
        assert(parsed.error.length > 0 && parsed.detail.startsWith("Cannot "), parsed.detail);
      }
    }),
    { numRuns: scale(2000) },
  );
});
Deno.test("named: oversized, control and non-UTF-8 fields are refused with their field named", () => {
  const ok: Record<string, string> = {};
  for (const field of REQUEST_FIELDS) ok[field] = "x";
  ok.timestamp = "1700000000";
  ok.triggered_by = "U0ENG00001";
  ok.source_url = "https://ci.example.com/1";
  ok.conditions = "";
  ok.signature = "A".repeat(88);
  const reasonMax = FIELD_SPECS.reason.maxLength ?? 0;
  const cases: [string, string, string][] = [
    ["reason", "r".repeat(reasonMax + 1), "field_too_long"],
    ["resource", "a\u0000b", "malformed_field"],
    ["reason", "line\u001bbreak", "malformed_field"],
    ["action", "\ud800", "malformed_field"],
    ["environment", "\u202eevil", "malformed_field"],
    ["action", new TextDecoder().decode(new Uint8Array([0xff, 0xfe, 0x41])), "malformed_field"],
  ];
  for (const [field, value, code] of cases) {
    const result = validateRequest({ ...ok, [field]: value });
    assert(!result.ok, `${field}=${JSON.stringify(value)} accepted`);
    assertEquals([result.code, result.field], [code, field]);
  }
});
