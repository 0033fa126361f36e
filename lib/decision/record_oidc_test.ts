import { assertEquals } from "@std/assert";
import { buildFinalRecord, buildPendingRecord } from "./record.ts";
import { decodeAttribution, encodeAttribution } from "../oidc/attribution.ts";

const CLAIMS = encodeAttribution({ issuer: "https://i", subject: "s", actor: "octocat" });

Deno.test("records keep the identity method and the verified claims, re-encoded", () => {
  const final = buildFinalRecord({
    decision_id: "gha|r1",
    verdict: "verified",
    effect: "auto_approve",
    identity_method: "oidc",
    verified_claims: CLAIMS,
  }, 1000);
  assertEquals(final.identity_method, "oidc");
  assertEquals(decodeAttribution(final.verified_claims)?.actor, "octocat");
  const pending = buildPendingRecord({ identity_method: "ed25519+oidc", verified_claims: CLAIMS }, {
    decision_id: "gha|r1",
    execution_id: "Fx1",
    expires_at: 2000,
  });
  assertEquals(pending.identity_method, "ed25519+oidc");
  assertEquals(pending.verified_claims, CLAIMS);
});

Deno.test("records drop an unknown identity method and claims that are not valid JSON", () => {
  const final = buildFinalRecord({
    decision_id: "x",
    verdict: "rejected",
    identity_method: "password",
    verified_claims: '{"issuer": "i"',
  }, 1000);
  assertEquals([final.identity_method, final.verified_claims], [undefined, undefined]);
});
