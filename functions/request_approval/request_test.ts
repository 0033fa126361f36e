import { assertEquals } from "@std/assert";
import {
  approvalChannel,
  approvalsRequired,
  decisionIdFor,
  decodeMessageRef,
  encodeMessageRef,
  needsHumans,
  timeoutMs,
  toApprovalRequest,
} from "./request.ts";

Deno.test("only require_approval (or no effect) asks humans", () => {
  assertEquals(needsHumans("require_approval"), true);
  assertEquals(needsHumans(""), true);
  assertEquals(needsHumans(undefined), true);
  assertEquals(needsHumans("auto_approve"), false);
  assertEquals(needsHumans("deny"), false);
  assertEquals(needsHumans("none"), false);
});

Deno.test("decision id is the verify step's or derived from the execution", () => {
  assertEquals(decisionIdFor({ decision_id: "svc|r1" }, "Fx1"), "svc|r1");
  assertEquals(decisionIdFor({ decision_id: "" }, "Fx1"), "approval|Fx1");
});

Deno.test("approvals and time limit are defaulted and clamped", () => {
  assertEquals(approvalsRequired({}), 1);
  assertEquals(approvalsRequired({ approvals_required: 0 }), 1);
  assertEquals(approvalsRequired({ approvals_required: 3 }), 3);
  assertEquals(timeoutMs(undefined), 3_600_000);
  assertEquals(timeoutMs(5), 60_000);
  assertEquals(timeoutMs(10 ** 9), 7 * 24 * 3_600_000);
});

Deno.test("the request view dedupes approvers and drops an empty group", () => {
  const req = toApprovalRequest(
    {
      approval_channel: "C1",
      approver_users: ["U1", "U1", "U2"],
      approver_usergroup: "",
      approvals_required: 2,
    },
    "d1",
    99,
  );
  assertEquals(req.approver_users, ["U1", "U2"]);
  assertEquals(req.approver_usergroup, undefined);
  assertEquals(req.approvals_required, 2);
  assertEquals(req.expires_at, 99);
});

Deno.test("message references round-trip through modal metadata", () => {
  assertEquals(decodeMessageRef(encodeMessageRef({ channel: "C1", ts: "1.2" })), {
    channel: "C1",
    ts: "1.2",
  });
  assertEquals(decodeMessageRef("not json"), undefined);
  assertEquals(decodeMessageRef('{"c":1}'), undefined);
});

Deno.test("a rule's groups replace the bot's approvers and set the floor of the count", () => {
  const req = toApprovalRequest(
    {
      approvals_required: 1,
      approver_users: ["U0DAVE00001"],
      approver_usergroup: "S0APPROVERS",
      approver_groups: "S0SRE:1, S0SEC:2",
    },
    "d",
    undefined,
  );
  assertEquals([req.approvals_required, req.approver_users, req.approver_usergroup], [
    3,
    [],
    undefined,
  ]);
  assertEquals(req.sign_off?.need, 2);
  // Unreadable groups: a sign-off nobody can meet (the step denies it before posting).
  const bad = toApprovalRequest({ approver_groups: "sre" }, "d", undefined);
  assertEquals(bad.sign_off, { groups: [], need: 1 });
  assertEquals(approvalChannel({ approval_channel: "C1", rule_approval_channel: "C2" }), "C2");
  assertEquals(approvalChannel({ approval_channel: "C1", rule_approval_channel: "" }), "C1");
});
