import { assertEquals, assertStringIncludes } from "@std/assert";
import { AuditVerifier, type Finding, lineBlocks, readLines } from "../lib/audit/mod.ts";
import { exportLines, sampleDecision, signed, testAuditKey } from "../lib/audit/_testing.ts";
import { type Analyze, analyzeHere, readHead, verifyBlocks } from "./_verify_blocks.ts";
import { VerifyPool } from "./_verify_pool.ts";

/** A reader over `bytes`, like an open file. */
function readerOf(bytes: Uint8Array) {
  let at = 0;
  return {
    read(into: Uint8Array): Promise<number | null> {
      if (at >= bytes.length) return Promise.resolve(null);
      const n = Math.min(into.length, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      return Promise.resolve(n);
    },
  };
}

const key = await testAuditKey();

/** Findings and summary of a verifier fed by `feed`. */
async function findingsOf(feed: (verifier: AuditVerifier) => Promise<void>) {
  const findings: Finding[] = [];
  const verifier = new AuditVerifier({ keys: [key.sync], onFinding: (f) => findings.push(f) });
  await feed(verifier);
  return { findings, summary: verifier.finish() };
}

/**
 * What verify finds in the file of `lines` (ending with `end`) one by one as `readLines` reads
 * them, in blocks on this thread, and on worker threads.
 */
async function everyWay(lines: string[], end = "\n") {
  const bytes = new TextEncoder().encode(lines.join("\n") + end);
  const inBlocks =
    (analyze: (v: AuditVerifier) => Analyze, size: number, inFlight: number) =>
    async (verifier: AuditVerifier) => {
      const blocks = lineBlocks(readerOf(bytes), size);
      const head = await readHead(blocks);
      await verifyBlocks(verifier, head, blocks, analyze(verifier), inFlight);
    };
  const oneByOne = await findingsOf(async (verifier) => {
    let lineNo = 0;
    for await (const line of readLines(readerOf(bytes))) verifier.line(line, ++lineNo);
  });
  // Blocks of ~20 lines: many blocks start with a record whose link is the block before's.
  const here = await findingsOf(inBlocks(analyzeHere, 16 * 1024, 1));
  const pool = new VerifyPool(2);
  pool.useKeys([key.sync]);
  try {
    const workers = await findingsOf(inBlocks(() => (b) => pool.analyze(b), 16 * 1024, 6));
    return { oneByOne, here, workers };
  } finally {
    pool.close();
  }
}

Deno.test("worker threads find exactly what the line-by-line check finds, in line order", async () => {
  const records = [];
  for (let n = 1; n <= 1_500; n++) records.push(await signed(key, "decisions", sampleDecision(n)));
  records.push({ id: "svc|pending", status: "pending" });
  const lines = exportLines(key, records);
  lines[10] = lines[10].replace('"outcome":"approved"', '"outcome":"approvex"');
  [lines[700], lines[701]] = [lines[701], lines[700]];
  lines[1_200] = lines[1_200].replace('"status":"final"', '"status":"fina');
  // An edited link: the line itself and the next one no longer chain, across block edges too.
  lines[900] = lines[900].replace(/"_chain":"[0-9a-f]{4}/, '"_chain":"0000');
  lines.splice(300, 0, "", "   ");

  const { oneByOne, here, workers } = await everyWay(lines);
  assertEquals(here, oneByOne);
  assertEquals(workers, oneByOne);
  // Modified, moved, edited link (and the next line), unreadable, pending; then the trailer's
  // count and the unreadable line's position, missing from the file's point of view.
  assertEquals(
    oneByOne.findings.map((f) => f.line),
    [11, 704, 903, 904, 1_203, 1_504, 1_505, undefined],
  );
  assertEquals(oneByOne.summary.signed, 1_498); // 1,500 signed, less the modified and the unreadable
  assertEquals(oneByOne.summary.chainBreaks, 7); // modified 1, swapped 3, edited 2, unreadable 1
});

Deno.test("hostile lines are named alike on worker threads, on this thread and line by line", async () => {
  const records = [];
  for (let n = 1; n <= 300; n++) records.push(await signed(key, "decisions", sampleDecision(n)));
  const lines = exportLines(key, records);
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  // A forged value before the signed one; a huge position; a line too deep to encode; a value
  // no exporter writes where text is expected; a trailer count put twice.
  lines[3] = lines[3].replace('"action":', '"outcome":"approved","action":');
  lines[40] = lines[40].replace(/"_seq":\d+/, '"_seq":9000000000000000');
  lines[80] = lines[80].replace('"decided_by":', `"deep":${deep},"decided_by":`);
  lines[120] = lines[120].replace(/"record_key_id":"[^"]*"/, '"record_key_id":{"toString":1}');
  lines[301] = lines[301].replace('"count":', '"count":9000000000000000,"count":');

  const { oneByOne, here, workers } = await everyWay(lines);
  assertEquals(here, oneByOne);
  assertEquals(workers, oneByOne);
  const reasons = new Map(oneByOne.findings.map((f) => [f.line, f.reasons.join("; ")]));
  assertEquals([...reasons.keys()], [4, 41, 81, 121, 302, undefined]);
  assertStringIncludes(reasons.get(4)!, 'key "outcome" appears twice');
  assertStringIncludes(reasons.get(41)!, "export position 9000000000000000 is out of range");
  assertStringIncludes(reasons.get(81)!, "nested too deep");
  assertStringIncludes(reasons.get(121)!, "not checkable");
  assertStringIncludes(reasons.get(302)!, 'trailer is not in the exported form: key "count"');
  // Positions 40, 80 and 120 have no readable line with them: listed as missing, once each.
  assertEquals(oneByOne.summary.missing, 3);
  assertEquals(oneByOne.summary.reformatted, 2);
});

Deno.test("a line over 1 MiB is named alike every way, and the lines after it still checked", async () => {
  const records = [];
  for (let n = 1; n <= 300; n++) records.push(await signed(key, "decisions", sampleDecision(n)));
  const lines = exportLines(key, records);
  // Record 100 holds 3 MiB (no Slack item can); record 200 was modified after it.
  lines[100] = lines[100].replace('"reason":"', `"reason":"${"x".repeat(3 * 1024 * 1024)}`);
  lines[200] = lines[200].replace('"outcome":"approved"', '"outcome":"approvex"');
  const tooLong = `line is longer than 1 MiB (${
    new TextEncoder().encode(lines[100]).length
  } bytes)`;

  const { oneByOne, here, workers } = await everyWay(lines);
  assertEquals(here, oneByOne);
  assertEquals(workers, oneByOne);
  // The long line, the modified record, then position 100 (the long line's) missing.
  assertEquals(oneByOne.findings.map((f) => f.line), [101, 201, 302, undefined]);
  assertEquals(oneByOne.findings[0].reasons, [`${tooLong}: not an exported record`]);
  assertStringIncludes(oneByOne.findings[1].reasons.join(), "does not match its signature");
  assertEquals(oneByOne.summary.records, 299);
  assertEquals(oneByOne.summary.signed, 298);
  // The long line, and the modified record; the record after the long line is not compared.
  assertEquals(oneByOne.summary.chainBreaks, 2);

  // The same line last, after the trailer and without a newline: named, the rest all intact.
  const last = await everyWay([...exportLines(key, records), lines[100]], "");
  assertEquals(last.here, last.oneByOne);
  assertEquals(last.workers, last.oneByOne);
  assertEquals(last.oneByOne.findings.map((f) => [f.line, f.reasons.join()]), [
    [303, `${tooLong}: not an exported record`],
  ]);
  assertEquals(last.oneByOne.summary.signed, 300);
  assertEquals(last.oneByOne.summary.seal, "valid");
});
