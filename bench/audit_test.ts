import { assert, assertEquals } from "@std/assert";
import { auditTable, measureAudit } from "./audit.ts";

// The benchmark's reduced variant: it must run end to end and find every record intact.
// No timing assertions: speed is for `deno task bench`.
Deno.test("the audit benchmark exports and verifies a small log in separate processes", async () => {
  const [result] = await measureAudit([300]);
  assertEquals(result.records, 303); // 300 decisions + 3 admin events
  assertEquals(result.verifyExitCode, 0);
  assert(result.exportPeakMb > 0 && result.verifyPeakMb > 0, "peak RSS was measured");
  assert(result.fileMb > 0);
  const table = auditTable([result]);
  assertEquals(table.length, 3);
  assert(table[2].startsWith("| 303 |"));
});
