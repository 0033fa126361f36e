import { assertEquals, assertMatch } from "@std/assert";
import { checkDecisionState, NOTED_GRACE_MS } from "./record_state.ts";
import { AuditVerifier, type Finding } from "./verify.ts";
import { exportLines, sampleDecision, signed, testAuditKey } from "./_testing.ts";

/** The test exports' `exported_at` (see `_testing.ts`). */
const EXPORTED = Date.parse("2026-11-24T00:00:00.000Z");
const pending = { id: "svc|p-1", status: "pending", action: "deploy" };
const noted = { ...pending, outcome: "denied", decided_by: ["U0BOB"], decided_at: EXPORTED - 1 };

Deno.test("pending without an outcome is a warning; final with a known outcome is fine", () => {
  assertEquals(checkDecisionState(pending, EXPORTED), {
    problems: [],
    warning: "pending (humans still deciding), so not signed yet",
  });
  assertEquals(checkDecisionState({ status: "final", outcome: "approved" }, EXPORTED).problems, []);
});

Deno.test("status and outcome that contradict each other are problems", () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ status: "final" }, /status final without an outcome/],
    [{ status: "final", outcome: "approved!" }, /outcome "approved!" is not one the app writes/],
    [{ status: "done", outcome: "approved" }, /status "done" is not one the app writes/],
    [{ outcome: "approved" }, /status undefined is not one/],
    // Finding 2: a final record edited back to pending, still carrying its outcome.
    [{ ...noted }, /status pending contradicts its outcome "denied", and no click noted it/],
    [{ ...pending, decided_by: ["U0BOB"] }, /contradicts its decided_by/],
    [{ ...noted, outcome: "auto_approved", noted_at: EXPORTED }, /a click notes only approved/],
  ];
  for (const [item, reason] of cases) {
    const { problems, warning } = checkDecisionState(item, EXPORTED);
    assertEquals(problems.length, 1, JSON.stringify(item));
    assertMatch(problems[0], reason);
    assertEquals(warning, undefined);
  }
});

Deno.test("the click-time note is a distinct state: a warning within the grace period only", () => {
  const fresh = checkDecisionState({ ...noted, noted_at: EXPORTED - 2_000 }, EXPORTED);
  assertEquals(fresh.problems, []);
  assertMatch(fresh.warning!, /^deciding: outcome "denied" noted at click time/);
  // At the bound it is still the window; a millisecond past it, the record step failed (or the
  // note was forged to pass an edited final record off as one being written).
  const edge = { ...noted, noted_at: EXPORTED - NOTED_GRACE_MS };
  assertEquals(checkDecisionState(edge, EXPORTED).problems, []);
  const stale = checkDecisionState({ ...edge, noted_at: edge.noted_at - 1 }, EXPORTED);
  assertMatch(stale.problems[0], /15 min before the export, yet the record is not final/);
  const future = checkDecisionState({ ...noted, noted_at: EXPORTED + 3_600_000 }, EXPORTED);
  assertMatch(future.problems[0], /60 min after the export/);
  assertMatch(
    checkDecisionState({ ...noted, noted_at: EXPORTED }, NaN).problems[0],
    /export's time is unknown/,
  );
});

Deno.test("verify: a noted pending record is a warning, an un-noted one (seal stripped) a problem", async () => {
  const key = await testAuditKey();
  const final = await signed(key, "decisions", sampleDecision(1));
  // What an attacker with datastore access makes of a final record: back to pending, seal gone.
  const stripped: Record<string, unknown> = { ...final, status: "pending" };
  for (const field of ["record_signature", "record_key_id", "record_version"]) {
    delete stripped[field];
  }
  const inWindow = { ...noted, id: "svc|p-2", noted_at: EXPORTED - 5_000 };
  const findings: Finding[] = [];
  const verifier = new AuditVerifier({ keys: [key.sync], onFinding: (f) => findings.push(f) });
  const lines = exportLines(key, [final, stripped, inWindow, pending]);
  lines.forEach((line, i) => verifier.line(line, i + 1));
  const summary = verifier.finish();
  assertEquals(findings.map((f) => [f.line, f.severity]), [
    [3, "problem"],
    [4, "warning"],
    [5, "warning"],
  ]);
  assertMatch(findings[0].reasons.join(), /status pending contradicts its outcome/);
  assertEquals([summary.problems, summary.warnings, summary.signed], [1, 2, 1]);
});

Deno.test("a closer's note (revocation, expiry) is the deciding state too, for up to two hours", () => {
  const closing = {
    ...pending,
    outcome: "rejected",
    reason_code: "service_disabled",
    closed_by: "U0ADMIN",
    decided_at: EXPORTED - 60 * 60_000,
    noted_at: EXPORTED - 60 * 60_000,
  };
  const inProgress = checkDecisionState(closing, EXPORTED);
  assertEquals(inProgress.problems, []);
  assertMatch(inProgress.warning ?? "", /deciding/);
  // Past the grace, or a rejection noted without a closer, is not a state the app leaves.
  const stuck = { ...closing, noted_at: EXPORTED - 3 * 60 * 60_000 };
  assertEquals(checkDecisionState(stuck, EXPORTED).problems.length, 1);
  const { closed_by: _c, ...noCloser } = closing;
  assertMatch(checkDecisionState(noCloser, EXPORTED).problems[0], /a click notes only/);
});
