/**
 * The pin rule in the verification path (issue #17, finding 1): a registration whose only
 * "identifying" pattern matches any workload is unusable, so a token of a foreign workload
 * (`evil/x`) signed by the very issuer the bot trusts is refused before the issuer is contacted.
 */
import { assert, assertEquals } from "@std/assert";
import { matchClaims, parseClaimPatterns } from "./claims.ts";
import { audienceFor as registrationAudience } from "./registration.ts";
import { BYPASS_PATTERNS } from "../../dev/oidc_issuer.ts";
import { assertRejected, request, withIssuer } from "./_testing.ts";

const EVIL = {
  repository: "evil/x",
  repository_owner: "evil",
  sub: "repo:evil/x:ref:refs/heads/main",
  job_workflow_ref: "evil/x/.github/workflows/deploy.yml@refs/heads/main",
};

Deno.test("oidc: a foreign workload's token is refused for every bypass pattern", async () => {
  await withIssuer(async ({ issuer, service, check, tokenFor }) => {
    const token = await tokenFor(request(), EVIL);
    for (const bypass of BYPASS_PATTERNS) {
      const loose = { ...service, oidc_claims: [bypass, "ref=refs/heads/main"] };
      assertRejected(
        await check(token, request(), loose),
        "oidc_not_configured",
        `"${bypass}" does not pin the workload`,
      );
    }
    assertEquals(issuer.requests, [], "an unusable registration never contacts the issuer");
    // The same token against the pinned registration fails on the claim, not the registration.
    assertRejected(await check(token), "oidc_claim_mismatch", '"repository" is "evil/x"');
    const owned = await check(await tokenFor());
    assert(owned.ok, owned.ok ? "" : owned.detail);
  });
});

Deno.test("oidc: without the pin rule the bypass patterns would have matched evil/x", () => {
  // The patterns are valid globs that match the foreign claims: only the pin rule stops them.
  for (const bypass of BYPASS_PATTERNS) {
    const eq = bypass.indexOf("=");
    const [claim, pattern] = [bypass.slice(0, eq), bypass.slice(eq + 1)];
    assertEquals(matchClaims([{ claim, pattern }], EVIL), { ok: true }, bypass);
    assertEquals(parseClaimPatterns([bypass]).ok, false, bypass);
  }
});

Deno.test("audienceFor: the service's own audience, then the app's, then the default", () => {
  assertEquals(registrationAudience({ oidc_audience: " acme " }, "app"), "acme");
  assertEquals(registrationAudience({}, " app "), "app");
  assertEquals(registrationAudience({}), "countersign");
});
