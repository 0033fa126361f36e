import { assertEquals } from "@std/assert";
import { AuditVerifier, type Finding } from "../lib/audit/mod.ts";
import { exportLines, sampleDecision, signed, testAuditKey } from "../lib/audit/_testing.ts";
import { VerifyPool } from "./_verify_pool.ts";

Deno.test("worker threads find exactly what the inline check finds, in line order", async () => {
  const key = await testAuditKey();
  const records = [];
  for (let n = 1; n <= 1_500; n++) records.push(await signed(key, "decisions", sampleDecision(n)));
  records.push({ id: "svc|pending", status: "pending" });
  const lines = exportLines(key, records);
  lines[10] = lines[10].replace('"outcome":"approved"', '"outcome":"approvex"');
  [lines[700], lines[701]] = [lines[701], lines[700]];
  lines[1_200] = lines[1_200].replace('"status":"final"', '"status":"fina');

  const run = async (pool?: VerifyPool) => {
    const findings: Finding[] = [];
    const verifier = new AuditVerifier({
      keys: [key.sync],
      onFinding: (f) => findings.push(f),
      checkBatch: pool ? (jobs) => pool.check(jobs) : undefined,
      batchSize: 64,
      maxInFlight: 4,
    });
    for (const [i, text] of lines.entries()) await verifier.line(text, i + 1);
    return { findings, summary: await verifier.finish() };
  };
  const inline = await run();
  const pool = await VerifyPool.start(2, [key.publicKey]);
  try {
    const pooled = await run(pool);
    assertEquals(pooled, inline);
  } finally {
    pool.close();
  }
  // Modified, moved, unreadable, pending; then the trailer's count and the unreadable line's
  // position, missing from the file's point of view.
  assertEquals(inline.findings.map((f) => f.line), [11, 702, 1_201, 1_502, 1_503, undefined]);
  assertEquals(inline.summary.signed, 1_498); // 1,500 signed, less the modified and the unreadable
});
