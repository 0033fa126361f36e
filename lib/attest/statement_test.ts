import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { createHash } from "node:crypto";
import { canonicalString } from "../contract/mod.ts";
import { SAMPLE_REQUEST, sampleRecord } from "./_testing.ts";
import { DECISION_PREDICATE_TYPE, STATEMENT_TYPE } from "./statement.ts";
import { buildStatement } from "./statement.ts";

const options = { appKeyId: "0123456789abcdef" };

Deno.test("the request subject is the SHA-256 of the request's canonical string", async () => {
  const statement = buildStatement(await sampleRecord(), options);
  const expected = createHash("sha256").update(canonicalString(SAMPLE_REQUEST)).digest("hex");
  assertEquals(statement._type, STATEMENT_TYPE);
  assertEquals(statement.predicateType, DECISION_PREDICATE_TYPE);
  assertEquals(statement.subject, [{
    name: "countersign:request:deploy-bot/r-42",
    digest: { sha256: expected },
  }]);
});

Deno.test("the predicate holds outcome, approvers, policy, identity and facts with sources", async () => {
  const p = buildStatement(await sampleRecord(), options).predicate;
  assertEquals(p.decision, {
    id: "deploy-bot|r-42",
    serviceId: "deploy-bot",
    requestId: "r-42",
    outcome: "approved",
    reasonCode: "human_approved",
    decidedAt: "2023-11-14T22:14:21.000Z",
    requestedAt: "2023-11-14T22:13:21.000Z",
  });
  assertEquals(p.approvers, [
    { userId: "U0BOB000001", decidedAt: "2023-11-14T22:14:21.000Z" },
    { userId: "U0CAROL0001", decidedAt: "2023-11-14T22:14:21.000Z" },
  ]);
  assertEquals(p.policy, {
    id: "p-prod",
    name: "Production needs a human",
    effect: "require_approval",
  });
  assertEquals(p.identity, { method: "ed25519+oidc", keyId: "k1" });
  assertEquals(p.attester, { keyId: "0123456789abcdef" });
  assertEquals(p.facts, [
    {
      name: "oidc.issuer",
      value: "https://token.actions.githubusercontent.com",
      source: "verified",
    },
    { name: "oidc.subject", value: "repo:acme/api:ref:refs/heads/main", source: "verified" },
    { name: "oidc.repository", value: "acme/api", source: "verified" },
    { name: "oidc.ref", value: "refs/heads/main", source: "verified" },
    { name: "ci_status", value: "passed", source: "asserted" },
    { name: "ticket", value: "OPS-1", source: "asserted" },
  ]);
  assertEquals(p.request.environment, "production");
});

Deno.test("operational marks do not change the statement: the same decision, the same bytes", async () => {
  const a = buildStatement(await sampleRecord(), options);
  const b = buildStatement(
    await sampleRecord({ callback_status: "failed", callback_attempts: 5, callback_detail: "x" }),
    options,
  );
  assertEquals(JSON.stringify(a), JSON.stringify(b));
});

Deno.test("an artifact digest on the record becomes a second subject", async () => {
  const hex = "AB".repeat(32);
  const s = buildStatement(await sampleRecord({ artifact_digest: `sha256:${hex}` }), options);
  assertEquals(s.subject[1], { name: "countersign:artifact", digest: { sha256: "ab".repeat(32) } });
  const bad = await sampleRecord({ artifact_digest: "sha256:abc" });
  assertThrows(() => buildStatement(bad, options), Error, "expected sha256:<64 hex digits>");
});

Deno.test("a pending decision is refused", async () => {
  const pending = await sampleRecord({ status: "pending", outcome: undefined });
  assertThrows(
    () => buildStatement(pending, options),
    Error,
    `Cannot attest decision "deploy-bot|r-42": it is not final (status "pending")`,
  );
});

Deno.test("a record without a request digest needs the request; a different one is refused", async () => {
  const bare = await sampleRecord({ request_digest: undefined });
  assertThrows(() => buildStatement(bare, options), Error, "carries no request_digest");
  const record = await sampleRecord();
  const other = "A".repeat(43);
  const error = assertThrows(() => buildStatement(record, { ...options, requestDigest: other }));
  assertStringIncludes((error as Error).message, "is not the recorded request_digest");
});

Deno.test("policy outcomes have no approvers and name their effect; rejections name none", async () => {
  const auto = buildStatement(
    await sampleRecord({
      outcome: "auto_approved",
      reason_code: "policy_auto_approve",
      decided_by: [],
    }),
    options,
  ).predicate;
  assertEquals(auto.approvers, []);
  assertEquals(auto.policy.effect, "auto_approve");
  const rejected = buildStatement(
    await sampleRecord({
      outcome: "rejected",
      reason_code: "overloaded",
      identity_method: undefined,
      policy_id: undefined,
      policy_name: undefined,
    }),
    options,
  ).predicate;
  assertEquals(rejected.policy, { effect: "none" });
  assertEquals(rejected.identity.method, "none");
});

Deno.test("the facts the rule looked at join the predicate's facts, once each", async () => {
  const facts = JSON.stringify([
    { name: "oidc.ref", value: "refs/heads/main", source: "verified", by: "OIDC" },
    { name: "time.weekday", value: "wed", source: "verified", wanted: "mon-fri" },
    { name: "freeze.active", value: "false", source: "verified" },
    { name: "ci_status", value: "passed", source: "asserted" },
  ]);
  const p = buildStatement(await sampleRecord({ facts }), options).predicate;
  assertEquals(p.facts.slice(-2), [
    { name: "time.weekday", value: "wed", source: "verified" },
    { name: "freeze.active", value: "false", source: "verified" },
  ]);
  assertEquals(p.facts.filter((f) => f.name === "oidc.ref").length, 1);
});
