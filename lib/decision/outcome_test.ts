import { assertEquals } from "@std/assert";
import { deriveOutcome, timeToDecisionMs } from "./outcome.ts";

Deno.test("a request that is not verified is rejected with the verify step's code", () => {
  assertEquals(
    deriveOutcome({ verdict: "rejected", reason_code: "bad_signature", effect: "auto_approve" }),
    { outcome: "rejected", reason_code: "bad_signature" },
  );
  assertEquals(deriveOutcome({ verdict: "", effect: "auto_approve" }), {
    outcome: "rejected",
    reason_code: "unverified",
  });
  assertEquals(deriveOutcome({}).outcome, "rejected");
});

Deno.test("policy effects decide verified requests without humans", () => {
  assertEquals(deriveOutcome({ verdict: "verified", effect: "auto_approve" }), {
    outcome: "auto_approved",
    reason_code: "policy_auto_approve",
  });
  assertEquals(deriveOutcome({ verdict: "verified", effect: "deny" }), {
    outcome: "auto_denied",
    reason_code: "policy_deny",
  });
});

Deno.test("require_approval takes the approval step's outcome", () => {
  const base = { verdict: "verified", effect: "require_approval" };
  assertEquals(deriveOutcome({ ...base, approval_outcome: "approved" }).outcome, "approved");
  assertEquals(deriveOutcome({ ...base, approval_outcome: "denied" }).outcome, "denied");
  assertEquals(deriveOutcome({ ...base, approval_outcome: "expired" }), {
    outcome: "expired",
    reason_code: "approval_expired",
  });
  // A duplicate copy of a request another copy owns is recorded as a replay.
  assertEquals(deriveOutcome({ ...base, approval_outcome: "replayed" }), {
    outcome: "rejected",
    reason_code: "replayed_request",
  });
});

Deno.test("anything unexpected fails closed as rejected, never approved", () => {
  assertEquals(deriveOutcome({ verdict: "verified", effect: "approve_everything" }), {
    outcome: "rejected",
    reason_code: "unknown_effect",
  });
  assertEquals(
    deriveOutcome({ verdict: "verified", effect: "require_approval", approval_outcome: "" }),
    { outcome: "rejected", reason_code: "approval_missing" },
  );
  assertEquals(
    deriveOutcome({ verdict: "verified", effect: "require_approval", approval_outcome: "yes" })
      .outcome,
    "rejected",
  );
});

Deno.test("timeToDecisionMs is the difference, or 0 when unknown or negative", () => {
  assertEquals(timeToDecisionMs(1_000, 4_500), 3_500);
  assertEquals(timeToDecisionMs(undefined, 4_500), 0);
  assertEquals(timeToDecisionMs(5_000, 4_500), 0);
});

Deno.test("an overloaded approval step is recorded as rejected with reason overloaded", () => {
  assertEquals(
    deriveOutcome({
      verdict: "verified",
      effect: "require_approval",
      approval_outcome: "overloaded",
    }),
    { outcome: "rejected", reason_code: "overloaded" },
  );
});

Deno.test("break-glass is an auto-approval with its own reason code, never a human one", async () => {
  const { buildFinalRecord } = await import("./record.ts");
  assertEquals(deriveOutcome({ verdict: "verified", effect: "break_glass" }), {
    outcome: "auto_approved",
    reason_code: "break_glass",
  });
  assertEquals(deriveOutcome({ verdict: "rejected", effect: "break_glass" }).outcome, "rejected");
  const record = buildFinalRecord({
    decision_id: "bot|r1",
    verdict: "verified",
    effect: "break_glass",
    break_glass: "INC-42",
    review_window_ms: 1000,
    decided_by: ["U0X"],
  }, 5000);
  assertEquals(
    [record.break_glass_reason, record.review_due_at, record.decided_by],
    ["INC-42", 6000, []],
  );
  const normal = buildFinalRecord({
    decision_id: "bot|r2",
    verdict: "verified",
    effect: "auto_approve",
    break_glass: "x",
  }, 5000);
  assertEquals([normal.break_glass_reason, normal.review_due_at], [undefined, undefined]);
});
