import { assert, assertEquals, assertMatch } from "@std/assert";
import { type Finding, type VerifySummary } from "./verify.ts";
import { AuditVerifier } from "./verify.ts";
import { chainLink, chainStart, type ExportHeader, itemOf } from "./export_format.ts";
import {
  exportLines,
  sampleDecision,
  signed,
  type TestAuditKey,
  testAuditKey,
} from "./_testing.ts";

const key = await testAuditKey();
const records = await Promise.all(
  Array.from({ length: 8 }, (_, i) => signed(key, "decisions", sampleDecision(i + 1))),
);

async function verify(lines: string[], k: TestAuditKey = key, allowUnsealed = false): Promise<{
  findings: Finding[];
  summary: VerifySummary;
}> {
  const findings: Finding[] = [];
  const verifier = new AuditVerifier({
    keys: [k.sync],
    onFinding: (f) => findings.push(f),
    allowUnsealed,
  });
  for (const [i, text] of lines.entries()) await verifier.line(text, i + 1);
  return { findings, summary: await verifier.finish() };
}

const idAt = (n: number) => records[n - 1].id as string;

Deno.test("an untouched sealed export verifies completely", async () => {
  const { findings, summary } = await verify(exportLines(key, records));
  assertEquals(findings, []);
  assertEquals(summary.records, 8);
  assertEquals(summary.signed, 8);
  assertEquals(summary.seal, "valid");
  assertEquals(summary.problems, 0);
  assertEquals(summary.chainBreaks, 0);
});

Deno.test("one changed byte in a record's value names that record and its line", async () => {
  const lines = exportLines(key, records);
  lines[4] = lines[4].replace('"outcome":"approved"', '"outcome":"approvee"');
  const { findings, summary } = await verify(lines);
  assertEquals(findings.length, 1);
  assertEquals(findings[0].line, 5);
  assertEquals(findings[0].id, idAt(4));
  assertMatch(findings[0].reasons.join(), /modified or forged/);
  assertEquals(summary.problems, 1);
  assertEquals(summary.chainBreaks, 1); // changed after export, not before
  assertEquals(summary.seal, "valid");
});

Deno.test("a changed byte that breaks the JSON still names the record", async () => {
  const lines = exportLines(key, records);
  lines[3] = lines[3].replace('"status":"final"', '"status":"final');
  const { findings } = await verify(lines);
  assertEquals(findings[0].line, 4);
  assertEquals(findings[0].id, idAt(3));
  assertMatch(findings[0].reasons.join(), /not valid JSON/);
});

Deno.test("a record forged with another key, or with no signature, is named", async () => {
  const other = await testAuditKey();
  const forged = await signed(other, "decisions", { ...sampleDecision(99) });
  const unsigned = { ...sampleDecision(98) };
  const { findings } = await verify(exportLines(key, [...records.slice(0, 2), forged, unsigned]));
  assertEquals(findings.map((f) => [f.line, f.id]), [[4, forged.id], [5, unsigned.id]]);
  assertMatch(findings[0].reasons.join(), /unknown key id/);
  assertMatch(findings[1].reasons.join(), /unsigned/);
});

Deno.test("a forged signature under the app's key id does not verify", async () => {
  const fake = { ...records[0], id: "deploy-bot|forged", outcome: "approved" };
  const { findings } = await verify(exportLines(key, [records[1], fake]));
  assertEquals(findings.map((f) => f.id), ["deploy-bot|forged"]);
  assertMatch(findings[0].reasons.join(), /modified or forged/);
});

Deno.test("a signature copied onto another datastore's record does not verify", async () => {
  const lines = exportLines(key, records.slice(0, 2), { datastore: "admin_events" });
  const { findings } = await verify(lines);
  assertEquals(findings.length, 2);
});

Deno.test("swapped lines are reported as moved, with the record named", async () => {
  const lines = exportLines(key, records);
  [lines[3], lines[4]] = [lines[4], lines[3]];
  const { findings, summary } = await verify(lines);
  const moved = findings.filter((f) => f.reasons.some((r) => r.startsWith("moved")));
  assertEquals(moved.map((f) => [f.line, f.id]), [[5, idAt(3)]]);
  assertMatch(moved[0].reasons[0], /exported at position 3, found after position 4/);
  assertEquals(summary.missing, 0);
});

Deno.test("a removed line is reported as a missing position and a wrong trailer count", async () => {
  const lines = exportLines(key, records);
  lines.splice(3, 1);
  const { findings, summary } = await verify(lines);
  assertEquals(summary.missing, 1);
  assert(
    findings.some((f) => f.reasons.some((r) => /missing: no line has export position 3/.test(r))),
  );
  assert(
    findings.some((f) => f.reasons.some((r) => /trailer counts 8 records; the file has 7/.test(r))),
  );
});

Deno.test("removed last lines and trailer are reported as truncation", async () => {
  const lines = exportLines(key, records).slice(0, 6);
  const { findings } = await verify(lines);
  assert(findings.some((f) => f.reasons.some((r) => /no trailer/.test(r))));
});

/** Rebuilds `_seq` and `_chain` of every record line, as someone without the seal key could. */
function rechain(lines: string[]): string[] {
  const header = JSON.parse(lines[0]) as ExportHeader;
  let link = chainStart(header);
  const out = [lines[0]];
  let seq = 0;
  for (const text of lines.slice(1, -1)) {
    const line = JSON.parse(text);
    seq++;
    link = chainLink(link, seq, line._datastore, itemOf(line));
    out.push(JSON.stringify({ ...line, _seq: seq, _chain: link }));
  }
  const trailer = JSON.parse(lines.at(-1)!);
  out.push(JSON.stringify({ ...trailer, count: seq, chain: link }));
  return out;
}

Deno.test("a deletion hidden by renumbering and rechaining breaks the seal", async () => {
  const lines = exportLines(key, records);
  lines.splice(3, 1);
  const { findings, summary } = await verify(rechain(lines));
  assertEquals(summary.seal, "invalid");
  assertEquals(findings.length, 1);
  assertMatch(findings[0].reasons.join(), /seal signature does not match/);
});

Deno.test("a seal-stripped export fails verify: renumbered, rechained, seal dropped", async () => {
  const lines = exportLines(key, records);
  lines.splice(3, 1);
  const stripped = rechain(lines);
  const trailer = JSON.parse(stripped.at(-1)!);
  delete trailer.seal_signature;
  delete trailer.seal_key_id;
  stripped[stripped.length - 1] = JSON.stringify(trailer);
  const { findings, summary } = await verify(stripped);
  assertEquals(summary.seal, "absent");
  assertEquals(summary.problems, 1);
  assertEquals(findings.map((f) => f.severity), ["problem"]);
  assertMatch(findings[0].reasons.join(), /unsealed: the trailer has no seal .* --allow-unsealed/);
});

Deno.test("an unsealed export passes only when unsealed input is allowed, with a warning", async () => {
  const lines = exportLines(key, records, { seal: false });
  assertEquals((await verify(lines)).summary.problems, 1);
  const { findings, summary } = await verify(lines, key, true);
  assertEquals([summary.problems, summary.warnings, summary.seal], [0, 1, "absent"]);
  assertMatch(findings[0].reasons.join(), /accepted: --allow-unsealed/);
  // Allowing unsealed input is no licence for anything else: an edit is still a problem.
  lines[2] = lines[2].replace('"outcome":"approved"', '"outcome":"denied"');
  assertEquals((await verify(lines, key, true)).summary.problems, 1);
});

Deno.test("an edited export attribute with intact content is caught by the chain", async () => {
  const lines = exportLines(key, records);
  const line = JSON.parse(lines[2]);
  lines[2] = JSON.stringify({ ...line, _chain: "0".repeat(64) });
  const { findings } = await verify(lines);
  // The edited line's own link, then the next line no longer follows it.
  assertEquals(findings.map((f) => f.line), [3, 4]);
  assertMatch(findings[0].reasons.join(), /chain link/);
});

Deno.test("an unsigned pending record is a warning, not a problem", async () => {
  const pending = { id: "svc|p-1", status: "pending", action: "deploy" };
  const { findings, summary } = await verify(exportLines(key, [records[0], pending]));
  assertEquals(findings.map((f) => [f.severity, f.id]), [["warning", "svc|p-1"]]);
  assertEquals(summary.problems, 0);
  assertEquals(summary.warnings, 1);
});

Deno.test("a file that is not an export says how to convert it", async () => {
  const { findings } = await verify([JSON.stringify(records[0])]);
  assertMatch(findings[0].reasons.join(), /--from-file/);
});

Deno.test("lines added after the trailer are reported", async () => {
  const lines = exportLines(key, records);
  lines.push(lines[1]);
  const { findings } = await verify(lines);
  assertEquals(findings.map((f) => f.line), [lines.length]);
});

Deno.test("an attribute added to a line, outside what is signed, is reported", async () => {
  const lines = exportLines(key, records);
  lines[2] = lines[2].replace('"_seq":2,', '"_seq":2,"_note":"approved by the CEO",');
  const { findings } = await verify(lines);
  assertEquals(findings.map((f) => [f.line, f.id]), [[3, idAt(2)]]);
  assertMatch(findings[0].reasons.join(), /"_note" was added/);
});
