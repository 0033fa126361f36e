import { assertEquals } from "@std/assert";
import { AuditVerifier, type Finding, lineBlocks } from "../lib/audit/mod.ts";
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

Deno.test("worker threads find exactly what the line-by-line check finds, in line order", async () => {
  const key = await testAuditKey();
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

  const findingsOf = async (feed: (verifier: AuditVerifier) => Promise<void>) => {
    const findings: Finding[] = [];
    const verifier = new AuditVerifier({ keys: [key.sync], onFinding: (f) => findings.push(f) });
    await feed(verifier);
    return { findings, summary: verifier.finish() };
  };
  const inBlocks =
    (analyze: (v: AuditVerifier) => Analyze, size: number, inFlight: number) =>
    async (verifier: AuditVerifier) => {
      const bytes = new TextEncoder().encode(lines.join("\n") + "\n");
      const blocks = lineBlocks(readerOf(bytes), size);
      const head = await readHead(blocks);
      await verifyBlocks(verifier, head, blocks, analyze(verifier), inFlight);
    };
  const oneByOne = await findingsOf(async (verifier) => {
    for (const [i, text] of lines.entries()) await verifier.line(text, i + 1);
  });
  // Blocks of ~20 lines: many blocks start with a record whose link is the block before's.
  assertEquals(await findingsOf(inBlocks(analyzeHere, 16 * 1024, 1)), oneByOne);
  const pool = new VerifyPool(2);
  pool.useKeys([key.sync]);
  try {
    assertEquals(await findingsOf(inBlocks(() => (b) => pool.analyze(b), 16 * 1024, 6)), oneByOne);
  } finally {
    pool.close();
  }
  // Modified, moved, edited link (and the next line), unreadable, pending; then the trailer's
  // count and the unreadable line's position, missing from the file's point of view.
  assertEquals(
    oneByOne.findings.map((f) => f.line),
    [11, 704, 903, 904, 1_203, 1_504, 1_505, undefined],
  );
  assertEquals(oneByOne.summary.signed, 1_498); // 1,500 signed, less the modified and the unreadable
  assertEquals(oneByOne.summary.chainBreaks, 7); // modified 1, swapped 3, edited 2, unreadable 1
});
