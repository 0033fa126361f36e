import { assertEquals } from "@std/assert";
import { DEFAULT_APPROVAL_TIMEOUT_SECONDS } from "../../lib/config.ts";
import {
  decisionIdFor,
  findKey,
  rejectedDecisionId,
  serviceConfigOutputs,
  type ServiceRecord,
} from "./checks.ts";

const NOW = 1_700_000_000_000;
const svc: ServiceRecord = {
  id: "ci-bot",
  public_keys: [
    { key_id: "a", public_key: "AAAA", not_after: 0 },
    { key_id: "b", public_key: "BBBB", not_after: NOW },
    { key_id: "c", public_key: "CCCC", not_after: NOW - 1 },
    { key_id: "d", public_key: "" },
  ],
};

Deno.test("decision ids: the real one is service|request, rejected ones use the execution", () => {
  assertEquals(decisionIdFor("ci-bot", "r-1"), "ci-bot|r-1");
  assertEquals(rejectedDecisionId("Fx123"), "rejected|Fx123");
});

Deno.test("findKey honours not_after in milliseconds, inclusive", () => {
  assertEquals(findKey(svc, "a", NOW), { ok: true, publicKey: "AAAA" });
  assertEquals(findKey(svc, "b", NOW), { ok: true, publicKey: "BBBB" });
  const expired = findKey(svc, "c", NOW);
  assertEquals(expired.ok ? "" : expired.code, "key_expired");
  for (const id of ["d", "zzz"]) {
    const missing = findKey(svc, id, NOW);
    assertEquals(missing.ok ? "" : missing.code, "unknown_key", id);
  }
  const none = findKey({ id: "x" }, "a", NOW);
  assertEquals(none.ok ? "" : none.code, "unknown_key");
});

Deno.test("serviceConfigOutputs drops empty values and the callback when asked", () => {
  const outputs = serviceConfigOutputs({
    id: "ci-bot",
    owner: "",
    approver_users: ["U1", ""],
    approvals_required: 0,
    callback_url: "https://hooks.example.com/x",
  }, true);
  assertEquals(outputs, {
    service_name: "ci-bot",
    approver_users: ["U1"],
    callback_url: "https://hooks.example.com/x",
    approval_timeout_seconds: DEFAULT_APPROVAL_TIMEOUT_SECONDS,
  });
  assertEquals(
    serviceConfigOutputs({ callback_url: "https://x.example" }, false).callback_url,
    undefined,
  );
});
