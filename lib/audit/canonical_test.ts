import {
  assert,
  assertEquals,
  assertNotEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import fc from "fast-check";
import {
  canonicalJson,
  contentFields,
  MAX_NESTING,
  OPERATIONAL_FIELDS,
  recordMessage,
} from "./canonical.ts";
import { verifyText } from "./ed25519_sync.ts";
import { nestedDeeper } from "./line_form.ts";
import { isSealedBy, sealRecord } from "./seal.ts";
import { sampleAdminEvent, sampleDecision, testAuditKey } from "./_testing.ts";

Deno.test("canonical JSON does not depend on key order and leaves empty values out", () => {
  const a = canonicalJson({ b: 1, a: "x", c: ["U1"], d: "", e: [], f: null, g: undefined });
  const b = canonicalJson({ c: ["U1"], a: "x", b: 1 });
  assertEquals(a, b);
  assertEquals(a, '{"a":"x","b":1,"c":["U1"]}');
});

Deno.test("canonical JSON escapes strings like JSON.stringify, so no value can fake a field", () => {
  const text = canonicalJson({ a: 'x","b":"y' });
  assertEquals(JSON.parse(text), { a: 'x","b":"y' });
});

Deno.test("the signature attributes are not part of what is signed", () => {
  const item = { id: "x", outcome: "approved" };
  const withSignature = {
    ...item,
    record_signature: "sig",
    record_key_id: "k",
    record_version: 1,
  };
  assertEquals(contentFields(withSignature), item);
  assertEquals(recordMessage("decisions", withSignature), recordMessage("decisions", item));
});

Deno.test("the datastore is part of the signed text", () => {
  const item = { id: "x" };
  assertNotEquals(recordMessage("decisions", item), recordMessage("admin_events", item));
  assertStringIncludes(recordMessage("decisions", item), "\ndecisions\n");
});

Deno.test("a record sealed by the app (Web Crypto) verifies with the CLI's node:crypto key", async () => {
  const key = await testAuditKey();
  const item = sampleDecision(7);
  const seal = await sealRecord(key.signing, "decisions", item);
  assertEquals(seal.record_key_id, key.signing.keyId);
  assertEquals(seal.record_key_id, key.sync.keyId);
  assertEquals(seal.record_version, 2);
  const text = recordMessage("decisions", { ...item, ...seal });
  assertEquals(verifyText(key.sync, text, seal.record_signature), true);
  const changed = recordMessage("decisions", { ...item, outcome: "denied" });
  assertEquals(verifyText(key.sync, changed, seal.record_signature), false);
});

Deno.test("integer-like keys are sorted as text too, like every other key", () => {
  assertEquals(
    canonicalJson({ b: 1, "10": 2, "9": 3, a: { "2": "x", "1": "" } }),
    '{"10":2,"9":3,"a":{"2":"x"},"b":1}',
  );
});

Deno.test("nested objects and arrays are canonical all the way down", () => {
  assertEquals(
    canonicalJson({ z: [{ b: 1, a: 2 }], y: { d: [], c: "x" } }),
    '{"y":{"c":"x"},"z":[{"a":2,"b":1}]}',
  );
});

Deno.test("the signed text is the canonical JSON of the content, whatever the shape and key order", () => {
  const prefix = "countersign-audit-record/v2\ndecisions\n";
  const reference = (item: Record<string, unknown>) => prefix + canonicalJson(contentFields(item));
  // Records of one shape (the cached key order), then shapes that must not reuse it.
  const value = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.constantFrom("", null, [], 0, -0),
    fc.array(fc.oneof(fc.string(), fc.dictionary(fc.string(), fc.string())), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("1", "10", "2")), fc.string()),
  );
  const names = [
    "id",
    "b",
    "a",
    "record_signature",
    "_seq",
    "9",
    "10",
    "__proto__x",
    "reminded_at",
  ];
  const item = fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 8 })
    .map((pairs) => Object.fromEntries(pairs));
  fc.assert(
    fc.property(fc.array(item, { minLength: 1, maxLength: 6 }), (items) => {
      for (const it of [...items, ...items]) {
        assertEquals(recordMessage("decisions", it), reference(it));
      }
    }),
    { numRuns: 500 },
  );
  const decision = sampleDecision(3);
  assertEquals(recordMessage("decisions", decision), reference(decision));
  const reordered = Object.fromEntries(Object.entries(decision).reverse());
  assertEquals(recordMessage("decisions", reordered), reference(decision));
});

Deno.test("nesting is limited, far above what the app writes and far below the stack's end", async () => {
  // `levels` arrays around a string.
  const nested = (levels: number): unknown => levels === 0 ? "x" : [nested(levels - 1)];
  // The item is level 1: a value at level MAX_NESTING encodes, one deeper is refused by name.
  assertEquals(recordMessage("decisions", { a: nested(MAX_NESTING - 1) }).length > 0, true);
  assertThrows(
    () => recordMessage("decisions", { a: nested(MAX_NESTING) }),
    RangeError,
    `nested more than ${MAX_NESTING} levels deep`,
  );
  assertEquals(canonicalJson(nested(MAX_NESTING)).length, 2 * MAX_NESTING + 3);
  assertThrows(() => canonicalJson(nested(MAX_NESTING + 1)), RangeError, "nested more than");
  assertThrows(() => canonicalJson({ "1": nested(MAX_NESTING) }), RangeError, "nested more than");
  // Deep enough to overflow a recursive encoding: refused the same way, not by the stack.
  const deep = JSON.parse(`{"a":${"[".repeat(200_000)}${"]".repeat(200_000)}}`);
  assertThrows(() => recordMessage("decisions", deep), RangeError, "nested more than");
  // What the app signs: decisions and admin events (with their signatures) are two levels deep.
  const key = await testAuditKey();
  for (const item of [sampleDecision(1), sampleAdminEvent(1)]) {
    const record = { ...item, ...(await sealRecord(key.signing, "decisions", item)) };
    assertEquals(nestedDeeper(JSON.stringify(record), 2), false);
  }
});

Deno.test("operational marks are outside the seal: a sweep or callback mark never breaks it", async () => {
  const key = await testAuditKey();
  const item = sampleDecision(5);
  const seal = await sealRecord(key.signing, "decisions", item);
  const marked = {
    ...item,
    ...seal,
    reminded_at: 1,
    escalated_at: 2,
    escalated_to: "S0ONCALL",
    callback_status: "failed",
    callback_attempts: 3,
    callback_detail: "HTTP 500",
    noted_at: 4,
    review_notice_channel: "C0APPROVALS",
    review_notice_ts: "1.000",
    review_reminded_at: 5,
    review_escalated_at: 6,
    review_acknowledged_at: 7,
    review_acknowledged_by: "U0APPR1",
    review_note: "checked",
  };
  for (const field of OPERATIONAL_FIELDS) assert(field in marked, field);
  assert(await isSealedBy(key.signing, "decisions", marked));
  assert(verifyText(key.sync, recordMessage("decisions", marked), seal.record_signature));
  // Every other attribute is sealed: status, outcome, who decided and when.
  const sealedFields = {
    status: "pending",
    decided_by: ["U0EVE"],
    break_glass_reason: "forged",
    review_due_at: 9e12,
    facts: "[]",
  };
  for (const [field, value] of Object.entries(sealedFields)) {
    const edited = { ...marked, [field]: value };
    assertEquals(await isSealedBy(key.signing, "decisions", edited), false, field);
  }
});

Deno.test("a version 1 record (operational marks sealed) still verifies, and its marks stay sealed", () => {
  const item = { ...sampleDecision(6), record_version: 1 };
  const v1 = recordMessage("decisions", item, Object.keys(item), 1);
  assertStringIncludes(v1, "countersign-audit-record/v1\n");
  assertStringIncludes(v1, '"callback_status":"delivered"');
  const v2 = recordMessage("decisions", item);
  assertEquals(v2.includes("callback_status"), false);
});
