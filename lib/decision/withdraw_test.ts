import { assertEquals } from "@std/assert";
import { closureNote, closureOfRecord, withdrawClosure } from "./close.ts";

Deno.test("withdrawClosure: outcome withdrawn, caller_withdrew, closed by the caller", () => {
  const c = withdrawClosure("undo-1", 1_700_000_000_000);
  assertEquals([c.outcome, c.reason_code, c.closed_by], ["withdrawn", "caller_withdrew", "caller"]);
  assertEquals(c.reason_detail, 'Withdrawn by the caller (withdraw request "undo-1")');
});

Deno.test("closureOfRecord: an interrupted withdraw is finished as a withdraw", () => {
  const c = withdrawClosure("undo-1", 5);
  const noted = { ...closureNote("bot|r1", c), status: "pending" as const };
  assertEquals(closureOfRecord(noted), c);
});
