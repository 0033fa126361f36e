import { assertEquals, assertStringIncludes } from "@std/assert";
import { outcomeBlocks, requestBlocks } from "./blocks.ts";
import { requestFromRecord } from "./expire.ts";
import { toApprovalRequest } from "./request.ts";
import { identityText, verifiedIdentityBlock } from "./identity.ts";
import { encodeAttribution, GITHUB_ACTIONS_ISSUER } from "../../lib/oidc/attribution.ts";

const VERIFIED = {
  issuer: GITHUB_ACTIONS_ISSUER,
  subject: "repo:acme/api:environment:production",
  actor: "octocat",
  repository: "acme/api",
  ref: "refs/heads/main",
  sha: "8f2e1c0b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f",
  environment: "production",
  run_id: "7311",
  run_url: "https://github.com/acme/api/actions/runs/7311",
};

Deno.test("verified identity block: the signed claims, linked run, short commit", () => {
  const block = verifiedIdentityBlock(VERIFIED);
  const text = JSON.stringify(block);
  assertStringIncludes(block.text!.text, "Verified identity");
  assertStringIncludes(text, "*Actor (verified)*\\noctocat");
  assertStringIncludes(text, "<https://github.com/acme/api/actions/runs/7311|run 7311>");
  assertStringIncludes(text, "`8f2e1c0b5a4d`");
  assertEquals(block.fields!.length, 6);
});

Deno.test("verified identity block: hostile claim text stays inert", () => {
  const block = verifiedIdentityBlock({
    ...VERIFIED,
    actor: "<!channel> <@U123>",
    repository: "<https://evil.example|acme/api>",
    run_url: "javascript:alert(1)",
    sha: "*bold*",
  });
  const text = JSON.stringify(block);
  for (const bad of ["<!channel>", "<@U123>", "<https://evil", "<javascript:"]) {
    assertEquals(text.includes(bad), false, bad);
  }
});

Deno.test("approval message: verified section only with verified claims; asserted fields marked", () => {
  const inputs = {
    service_id: "gha",
    triggered_by: "alice",
    approver_users: ["U0BOB000001"],
    identity_method: "oidc",
    verified_claims: encodeAttribution(VERIFIED),
  };
  const withToken = JSON.stringify(requestBlocks(toApprovalRequest(inputs, "gha|r1")));
  assertStringIncludes(withToken, "Verified identity");
  assertStringIncludes(withToken, "proved by OIDC token (keyless)");
  assertStringIncludes(withToken, "Triggered by _(caller-asserted)_");
  assertStringIncludes(withToken, "*Reason _(caller-asserted)_*");
  const keyOnly = JSON.stringify(
    requestBlocks(
      toApprovalRequest({ ...inputs, identity_method: "ed25519", verified_claims: "" }, "gha|r1"),
    ),
  );
  assertEquals(keyOnly.includes("Verified identity"), false);
  assertStringIncludes(keyOnly, "proved by Ed25519 key");
  assertEquals(identityText(undefined), "");
});

Deno.test("an expired message rebuilt from the stored record keeps the verified identity", () => {
  const req = requestFromRecord({
    id: "gha|r1",
    identity_method: "oidc",
    verified_claims: encodeAttribution(VERIFIED),
  });
  const shown = JSON.stringify(
    outcomeBlocks(req, { outcome: "expired", decided_by: [], decided_at: 1 }),
  );
  assertStringIncludes(shown, "Verified identity");
  assertStringIncludes(shown, "proved by OIDC token (keyless)");
});
