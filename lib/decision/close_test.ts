import { assertEquals } from "@std/assert";
import {
  buildClosedRecord,
  closureNote,
  closureOfRecord,
  expiryClosure,
  revocationOf,
} from "./close.ts";
import type { DecisionRecord } from "./record.ts";

const NOW = 1_000_000;
const PENDING: DecisionRecord = {
  id: "bot|r1",
  service_id: "bot",
  request_id: "r1",
  key_id: "k1",
  identity_method: "ed25519",
  status: "pending",
  approval_execution_id: "Fx1",
  requested_at: NOW - 10_000,
  expires_at: NOW + 60_000,
  message_channel: "C1",
  message_ts: "1.2",
};
const ACTIVE = {
  id: "bot",
  status: "active",
  public_keys: [{ key_id: "k1", not_after: 0 }, { key_id: "k2", not_after: 0 }],
};

Deno.test("an active bot with a valid key revokes nothing", () => {
  assertEquals(revocationOf(PENDING, ACTIVE, NOW), undefined);
  assertEquals(revocationOf(PENDING, undefined, NOW), undefined, "unknown bot: no guess");
  assertEquals(revocationOf(PENDING, { ...ACTIVE, id: "other" }, NOW), undefined);
});

Deno.test("a disabled bot revokes every pending request, naming who disabled it", () => {
  const c = revocationOf(PENDING, { ...ACTIVE, status: "disabled" }, NOW, "U1");
  assertEquals([c?.outcome, c?.reason_code, c?.closed_by], ["rejected", "service_disabled", "U1"]);
  assertEquals(c?.reason_detail, 'Cannot approve: bot "bot" was disabled');
  // OIDC-only requests too: disabling does not depend on the key.
  const oidc = { ...PENDING, identity_method: "oidc", key_id: undefined };
  const off = revocationOf(oidc, { ...ACTIVE, status: "disabled" }, NOW);
  assertEquals(off?.reason_code, "service_disabled");
});

Deno.test("a key past its not_after, or removed, revokes the requests it signed", () => {
  const ended = {
    ...ACTIVE,
    public_keys: [{ key_id: "k1", not_after: NOW }, { key_id: "k2", not_after: 0 }],
  };
  assertEquals(revocationOf(PENDING, ended, NOW - 1), undefined, "still in its overlap");
  assertEquals(revocationOf(PENDING, ended, NOW)?.reason_code, "key_retired");
  const removed = { ...ACTIVE, public_keys: [{ key_id: "k2", not_after: 0 }] };
  assertEquals(revocationOf(PENDING, removed, NOW)?.reason_code, "key_retired");
  // Requests signed with another key, and OIDC-only requests, are not touched.
  assertEquals(revocationOf({ ...PENDING, key_id: "k2" }, ended, NOW), undefined);
  assertEquals(revocationOf({ ...PENDING, identity_method: "oidc" }, ended, NOW), undefined);
  assertEquals(
    revocationOf({ ...PENDING, identity_method: "ed25519+oidc" }, ended, NOW)?.reason_code,
    "key_retired",
  );
});

Deno.test("a request that expired before the revocation stays an expiry", () => {
  const expired = { ...PENDING, expires_at: NOW - 5 };
  const late = { ...ACTIVE, status: "disabled", updated_at: NOW };
  assertEquals(revocationOf(expired, late, NOW), undefined);
  const earlier = revocationOf(expired, { ...late, updated_at: NOW - 10 }, NOW);
  assertEquals(earlier?.reason_code, "service_disabled");
  const key = { ...ACTIVE, public_keys: [{ key_id: "k1", not_after: NOW - 1 }] };
  assertEquals(revocationOf(expired, key, NOW), undefined);
});

Deno.test("a noted closure is read back; a click's note or a plain pending record is not one", () => {
  const c = expiryClosure(NOW);
  const noted = { ...PENDING, ...closureNote(PENDING.id, c) };
  assertEquals(closureOfRecord(noted), c);
  assertEquals(closureOfRecord(PENDING), undefined);
  assertEquals(closureOfRecord({ ...PENDING, outcome: "approved", decided_by: ["U1"] }), undefined);
  assertEquals(closureOfRecord({ ...noted, status: "final" }), undefined);
});

Deno.test("the closed record is final, says who closed it, what Slack answered and the delivery", () => {
  const c = revocationOf(PENDING, { ...ACTIVE, status: "disabled" }, NOW, "U1")!;
  const withMarks = { ...PENDING, reminded_at: NOW - 5, callback_status: "pending" as const };
  const record = buildClosedRecord(withMarks, c, "not_allowed_token_type", { expected: true });
  assertEquals(record.status, "final");
  assertEquals([record.outcome, record.reason_code], ["rejected", "service_disabled"]);
  assertEquals([record.closed_by, record.run_completion], ["U1", "not_allowed_token_type"]);
  assertEquals([record.callback_status, record.callback_attempts], ["pending", 0]);
  assertEquals(record.time_to_decision_ms, 10_000);
  assertEquals(record.decided_by, []);
  assertEquals([record.message_channel, record.approval_execution_id], ["C1", "Fx1"]);
  assertEquals(record.reminded_at, NOW - 5);
  const none = buildClosedRecord(PENDING, c, "completed", { expected: false, detail: "No URL" });
  assertEquals([none.callback_status, none.callback_detail], ["skipped", "No URL"]);
});
