import { assert, assertEquals, assertMatch } from "@std/assert";
import fc from "fast-check";
import { MAX_NESTING } from "./canonical.ts";
import { ExportWriter } from "./export_format.ts";
import { duplicateKey, nestedDeeper, notExportedForm, parseObject, quote } from "./line_form.ts";
import { sampleAdminEvent, sampleDecision, testAuditKey } from "./_testing.ts";

const formOf = (line: string) => notExportedForm(line, JSON.parse(line));

Deno.test("every line the exporter can write is in the exported form", async () => {
  const key = await testAuditKey();
  // Names a JavaScript object reorders (integer-like), drops (`_…` export attributes) or
  // treats apart (`__proto__`), next to ordinary ones.
  const name = fc.oneof(
    fc.string(),
    fc.constantFrom("id", "0", "7", "10", "4294967295", "99999999999", "_seq", "_x", "__proto__"),
  );
  const leaf = fc.oneof(
    fc.string({ unit: "binary" }), // lone surrogates included
    fc.double(), // -0, NaN and infinities (written as null) included
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small" }, leaf, tie("array"), tie("object")),
    array: fc.array(tie("value"), { maxLength: 3 }),
    object: fc.dictionary(name, tie("value"), { maxKeys: 3 }),
  })).value;
  const item = fc.array(fc.tuple(name, value), { maxLength: 8 }).map((pairs) => {
    const out: Record<string, unknown> = {};
    // Defined as own data properties, as JSON.parse of a datastore's answer makes them.
    for (const [k, v] of pairs) {
      Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true });
    }
    return out;
  });
  fc.assert(
    fc.property(fc.array(item, { maxLength: 5 }), fc.boolean(), (items, seal) => {
      const writer = new ExportWriter({
        exported_at: "2026-11-24T00:00:00.000Z",
        source: "file:decisions.jsonl",
        datastores: ["decisions"],
        ...(seal ? { public_key: key.publicKey, key_id: key.sync.keyId } : {}),
      });
      const lines = [writer.headerLine()];
      for (const it of items) lines.push(writer.recordLine("decisions", it));
      lines.push(writer.trailerLine(seal ? key.sync : undefined));
      for (const line of lines) assertEquals(formOf(line), undefined, line);
    }),
    { numRuns: 300 },
  );
  // The records the app writes, and an export attribute named by the item (left out).
  const writer = new ExportWriter({ exported_at: "x", source: "y", datastores: [] });
  for (const it of [sampleDecision(1), sampleAdminEvent(2), { "1": "a", b: 2, _seq: 9 }]) {
    assertEquals(formOf(writer.recordLine("decisions", it)), undefined);
  }
});

Deno.test("a key put twice is named, even escaped or nested; other re-writes say where", () => {
  const signed = '{"_seq":3,"id":"r-3","outcome":"denied","decided_by":["U1"]}';
  const twice = signed.replace('"outcome"', '"outcome":"approved","outcome"');
  assertMatch(formOf(twice)!, /^not in the exported form: key "outcome" appears twice/);
  assertEquals(
    duplicateKey(signed.replace('"outcome"', '"outcom\\u0065":"approved","outcome"')),
    "outcome",
  );
  assertEquals(duplicateKey('{"a":{"b":1,"c":{"b":2},"b":3}}'), "b");
  // Equal keys in different objects, and key-like strings in values, are no duplicates.
  assertEquals(duplicateKey('{"a":{"b":1},"c":{"b":2},"d":["a","a"],"e":"a"}'), undefined);
  assertEquals(duplicateKey('{"a\\"":1,"b":"\\"a\\"","a":2}'), undefined);

  // Spacing, escapes, number forms and integer-like keys out of their place parse to the same
  // values; the line was still re-written.
  for (
    const [line, at] of [
      ['{"_seq":3, "id":"r-3","outcome":"denied","decided_by":["U1"]}', 11],
      ['{"_seq":3.0,"id":"r-3","outcome":"denied","decided_by":["U1"]}', 10],
      ['{"_seq":3,"id":"r-\\u0033","outcome":"denied","decided_by":["U1"]}', 19],
      ['{"_seq":3,"1":"x"}', 3],
      [` ${signed}`, 1],
    ] as const
  ) {
    assertMatch(formOf(line)!, new RegExp(`re-formatted \\(first difference at column ${at}:`));
  }
  // Documented limit: other keys swapped parse to an object in that same order, so nothing
  // shows it — and nothing a reader sees changes.
  assertEquals(formOf('{"id":"r-3","_seq":3,"outcome":"denied","decided_by":["U1"]}'), undefined);
  // What is quoted is cut short: a line can be megabytes.
  assertEquals(quote("x".repeat(500)).length, 81);
  assertEquals(quote({ a: 1 }), '{"a":1}');
});

Deno.test("nesting deeper than the limit is found; brackets inside strings do not count", () => {
  const nested = (depth: number) => `{"a":${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;
  assertEquals(nestedDeeper(nested(MAX_NESTING)), false);
  assertEquals(nestedDeeper(nested(MAX_NESTING + 1)), true);
  assertEquals(nestedDeeper(nested(200_000)), true);
  // Many brackets, all in strings (and an escaped quote that does not end one).
  const inStrings = JSON.stringify({ a: "[".repeat(100), b: '\\"{{{{', c: ["{".repeat(50)] });
  assertEquals(nestedDeeper(inStrings), false);
  // Wide but shallow: many brackets side by side.
  assertEquals(nestedDeeper(JSON.stringify({ a: Array.from({ length: 100 }, () => [{}]) })), false);

  assertMatch(parseObject(nested(MAX_NESTING + 1)) as string, /^nested too deep \(more than 32/);
  assert(typeof parseObject(nested(MAX_NESTING)) === "object");
  assertEquals(parseObject("[1]"), "not a JSON object");
  assertEquals(parseObject("{"), "not valid JSON");
});
