/**
 * Hostile exports: lines crafted to pass the checks, to exhaust memory or time, or to stop
 * verify. Each must be named by its line while every other line is still checked.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { AuditVerifier, type Finding, type VerifySummary } from "./verify.ts";
import { exportLines, sampleDecision, signed, testAuditKey } from "./_testing.ts";

const key = await testAuditKey();
const records = await Promise.all(
  Array.from({ length: 8 }, (_, i) => signed(key, "decisions", sampleDecision(i + 1))),
);
const idAt = (n: number) => records[n - 1].id as string;

function verify(lines: string[]): { findings: Finding[]; summary: VerifySummary } {
  const findings: Finding[] = [];
  const verifier = new AuditVerifier({ keys: [key.sync], onFinding: (f) => findings.push(f) });
  for (const [i, text] of lines.entries()) verifier.line(text, i + 1);
  return { findings, summary: verifier.finish() };
}

Deno.test("a forged value put before the signed one is named: every other check passes", () => {
  const lines = exportLines(key, records);
  // Record 3 was denied; `JSON.parse` keeps the last value, a reader may keep the first.
  assert(lines[3].includes('"outcome":"denied"'));
  lines[3] = lines[3].replace('"action":', '"outcome":"approved","action":');
  const { findings, summary } = verify(lines);
  assertEquals(findings.map((f) => [f.line, f.id, f.datastore]), [[4, idAt(3), "decisions"]]);
  assertEquals(findings[0].reasons, [
    'not in the exported form: key "outcome" appears twice in one object (verify checked the ' +
    "last value; a reader may take the first)",
  ]);
  // Signature, chain and seal all still check: only the form shows it.
  assertEquals([summary.signed, summary.chainBreaks, summary.seal], [8, 0, "valid"]);
  assertEquals([summary.problems, summary.reformatted], [1, 1]);
});

Deno.test("a key twice in the header or the trailer, or a re-formatted line, is named", () => {
  const lines = exportLines(key, records);
  lines[0] = lines[0].replace('"source":', '"public_key":"AAAA","source":');
  lines[9] = lines[9].replace('"count":', '"count":999,"count":');
  lines[2] = lines[2].replace('"_seq":2,', '"_seq": 2,');
  const { findings, summary } = verify(lines);
  assertEquals(findings.map((f) => f.line), [1, 3, 10]);
  assertMatch(findings[0].reasons[0], /^header is not in the exported form: key "public_key"/);
  assertMatch(findings[1].reasons[0], /^not in the exported form: re-formatted \(first diff/);
  assertEquals(findings[1].id, idAt(2));
  assertMatch(findings[2].reasons[0], /^trailer is not in the exported form: key "count"/);
  assertEquals([summary.reformatted, summary.seal, summary.chainBreaks], [3, "valid", 0]);
});

Deno.test("a huge _seq or trailer count is reported at once, allocating nothing for it", () => {
  for (const huge of [2e9, 4e9, 9e15]) {
    const lines = exportLines(key, records);
    lines[3] = lines[3].replace(/"_seq":\d+/, `"_seq":${huge}`);
    lines[9] = lines[9].replace(/"count":\d+/, `"count":${huge}`);
    // Allocating or walking a structure of `huge` positions takes minutes and gigabytes; a
    // correct verifier milliseconds and nothing. The bounds are generous so a busy machine, or
    // another test file in the same process, cannot fail them: this isolate's heap, not the RSS.
    const started = performance.now();
    const used = () => Deno.memoryUsage().heapUsed + Deno.memoryUsage().external;
    const before = used();
    const { findings, summary } = verify(lines);
    assert(performance.now() - started < 30_000, `${huge}: took too long`);
    assert(used() - before < 64e6, `${huge}: memory grew`);
    assertEquals(findings.map((f) => [f.line, f.id]), [[4, idAt(3)], [10, undefined], [
      undefined,
      undefined,
    ]]);
    assertMatch(findings[0].reasons[0], new RegExp(`^export position ${huge} is out of range`));
    assertMatch(findings[1].reasons[0], new RegExp(`^trailer counts ${huge} records; the file`));
    // The line's own position is missing; the count's claim is not listed as missing.
    assertEquals(findings[2].reasons, [
      "missing: no line has export position 3 (removed from the file; ids unknown)",
    ]);
    assertEquals(summary.missing, 1);
  }
});

Deno.test("a trailer count that is not a number is named with its value", () => {
  const lines = exportLines(key, records);
  lines[9] = lines[9].replace(/"count":\d+/, '"count":"8"');
  const { findings, summary } = verify(lines);
  assertEquals(findings.map((f) => f.line), [10]);
  assertEquals(findings[0].reasons, [
    'trailer count "8" is not a number of records',
    "seal cannot be checked: seal_signature, seal_key_id, chain or count is not of the type an " +
    "export writes",
  ]);
  assertEquals(summary.seal, "invalid");
});

Deno.test("a line nested too deep is named by its line; the others are still checked", () => {
  const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
  for (const depth of [33, 200_000]) {
    const lines = exportLines(key, records);
    lines[5] = lines[5].replace('"decided_by":', `"deep":${deep(depth)},"decided_by":`);
    lines[9] = lines[9].replace('"count":', `"deep":${deep(depth)},"count":`);
    const { findings, summary } = verify(lines);
    assertEquals(findings.map((f) => [f.line, f.id]), [
      [6, idAt(5)],
      [10, undefined],
      [undefined, undefined], // position 5: its line could not be read
      [undefined, undefined], // no trailer: its line could not be read
    ]);
    const reason = "line is nested too deep (more than 32 levels of arrays and objects)";
    assertEquals([findings[0].reasons, findings[1].reasons], [[reason], [reason]]);
    assertEquals([summary.signed, summary.problems], [7, 4]);
  }
  // Nested 32 levels (the record being one): a record like any other, here unsigned.
  const lines = exportLines(key, [{ ...records[0], deep: JSON.parse(deep(31)) }]);
  assertMatch(verify(lines).findings[0].reasons.join(), /modified or forged/);
  // In the header: the first line cannot be the header.
  const header = exportLines(key, records);
  header[0] = header[0].replace('"source":', `"deep":${deep(40)},"source":`);
  assertEquals(verify(header).findings[0].reasons, [
    "line is nested too deep (more than 32 levels of arrays and objects)",
  ]);
});

Deno.test("values no exporter writes, where text is expected, name the line instead of stopping", () => {
  const lines = exportLines(key, records);
  // An object whose `toString` is not a function cannot be turned into text.
  const trap = '{"toString":1,"valueOf":1}';
  lines[2] = lines[2].replace(/"record_key_id":"[^"]*"/, `"record_key_id":${trap}`);
  lines[9] = lines[9].replace(/"seal_key_id":"[^"]*"/, `"seal_key_id":${trap}`);
  const { findings, summary } = verify(lines);
  assertEquals(findings.map((f) => f.line), [3, 10, undefined]);
  assertEquals(findings[0].reasons, [
    'line is not checkable: "Cannot convert object to primitive value"',
  ]);
  assertMatch(findings[1].reasons.join(), /seal cannot be checked/);
  assertEquals([summary.signed, summary.seal], [7, "invalid"]);
});
