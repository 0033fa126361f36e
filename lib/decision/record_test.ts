import { assertEquals, assertFalse, assertStringIncludes } from "@std/assert";
import { buildFinalRecord, buildPendingRecord, MAX_STORED_FIELD } from "./record.ts";

const request = {
  service_id: "deploy-bot",
  request_id: "r-1",
  action: "deploy",
  resource: "api-server#152",
  environment: "production",
  reason: "hotfix\u0000 for <!channel>",
  triggered_by: "alice",
  source_url: "https://ci.example.com/1",
  requested_at: 1_000,
};

Deno.test("pending record carries attribution, execution id and expiry", () => {
  const pending = buildPendingRecord({ ...request, policy_name: "prod deploys" }, {
    decision_id: "deploy-bot|r-1",
    execution_id: "Fx1",
    expires_at: 3_601_000,
    message_channel: "C1",
    message_ts: "1.2",
  });
  assertEquals(pending.status, "pending");
  assertEquals(pending.approval_execution_id, "Fx1");
  assertEquals(pending.expires_at, 3_601_000);
  assertEquals(pending.message_ts, "1.2");
  assertEquals(pending.reason, "hotfix for <!channel>"); // stored raw (minus controls); escaped on display
  assertEquals(pending.outcome, undefined);
});

Deno.test("final record for an approval keeps deciders and pending-only fields", () => {
  const pending = buildPendingRecord(request, {
    decision_id: "d1",
    execution_id: "Fx1",
    expires_at: 99,
    message_channel: "C1",
    message_ts: "1.2",
  });
  const final = buildFinalRecord(
    {
      ...request,
      decision_id: "d1",
      verdict: "verified",
      effect: "require_approval",
      approval_outcome: "approved",
      decided_by: ["U1", "U2"],
      decided_at: 4_000,
      has_callback: true,
      callback_url: "https://example.com/cb",
    },
    9_999,
    pending,
  );
  assertEquals(final.status, "final");
  assertEquals(final.outcome, "approved");
  assertEquals(final.decided_by, ["U1", "U2"]);
  assertEquals(final.decided_at, 4_000);
  assertEquals(final.time_to_decision_ms, 3_000);
  assertEquals(final.callback_status, "pending");
  assertEquals(final.approval_execution_id, "Fx1");
  assertEquals(final.expires_at, 99);
  assertEquals(final.message_channel, "C1");
  assertEquals(final.message_ts, "1.2");
});

Deno.test("final record for a rejection keeps the detail, no deciders, callback skipped", () => {
  const final = buildFinalRecord({
    decision_id: "rejected|Fx9",
    verdict: "rejected",
    reason_code: "bad_signature",
    reason_detail: "Cannot verify request: signature does not match",
    decided_by: ["U1"],
    has_callback: false,
  }, 5_000);
  assertEquals(final.outcome, "rejected");
  assertEquals(final.reason_code, "bad_signature");
  assertEquals(final.reason_detail, "Cannot verify request: signature does not match");
  assertEquals(final.decided_by, []);
  assertEquals(final.decided_at, 5_000);
  assertEquals(final.time_to_decision_ms, 0);
  assertEquals(final.callback_status, "skipped");
});

Deno.test("denial reason is kept only for denials and every stored string is bounded", () => {
  const denied = buildFinalRecord({
    ...request,
    resource: "x".repeat(100_000),
    decision_id: "d2",
    verdict: "verified",
    effect: "require_approval",
    approval_outcome: "denied",
    decided_by: ["U3"],
    denial_reason: "not during the freeze",
  }, 2_000);
  assertEquals(denied.denial_reason, "not during the freeze");
  assertEquals(Array.from(denied.resource ?? "").length, MAX_STORED_FIELD);
  const auto = buildFinalRecord({
    decision_id: "d3",
    verdict: "verified",
    effect: "auto_approve",
    denial_reason: "stray",
  }, 2_000);
  assertEquals(auto.outcome, "auto_approved");
  assertFalse("denial_reason" in auto);
});

Deno.test("a verified caller without a callback URL gets callback_status skipped", () => {
  const inputs = {
    decision_id: "d4",
    verdict: "verified",
    effect: "auto_approve",
    has_callback: true,
  };
  assertEquals(buildFinalRecord({ ...inputs, callback_url: "" }, 1).callback_status, "skipped");
  assertEquals(buildFinalRecord({ ...inputs, callback_url: " " }, 1).callback_status, "skipped");
  assertEquals(
    buildFinalRecord({ ...inputs, callback_url: "https://example.com/cb" }, 1).callback_status,
    "pending",
  );
  // No URL given (verify gives none to stale, future and replayed requests): nothing will be
  // sent, so the record says so at once instead of `pending` forever (issue 12, finding 4).
  const none = buildFinalRecord(inputs, 1);
  assertEquals(none.callback_status, "skipped");
  assertStringIncludes(none.callback_detail ?? "", "No callback");
  assertEquals(
    buildFinalRecord({ ...inputs, has_callback: false }, 1).callback_detail,
    "No callback: the caller's identity was not verified",
  );
});
