import { assertEquals, assertStringIncludes } from "@std/assert";
import { claimText, matchClaims, parseClaimPatterns } from "./claims.ts";

Deno.test("parseClaimPatterns reads claim=pattern entries; the pattern may contain =", () => {
  const parsed = parseClaimPatterns([
    "repository=acme/api",
    "job_workflow_ref=acme/api/.github/workflows/deploy.yml@refs/heads/*",
    "custom=a=b",
  ]);
  assertEquals(parsed.ok && parsed.patterns, [
    { claim: "repository", pattern: "acme/api" },
    { claim: "job_workflow_ref", pattern: "acme/api/.github/workflows/deploy.yml@refs/heads/*" },
    { claim: "custom", pattern: "a=b" },
  ]);
});

Deno.test("parseClaimPatterns refuses lists that do not pin an identity, and bad entries", () => {
  const cases: [unknown, string][] = [
    [undefined, "must list claim=pattern"],
    [[], "must list claim=pattern"],
    [["ref=refs/heads/main"], "must pin at least one"],
    [["repository=*", "sub=**"], "must pin at least one"],
    [["=x"], "claim=pattern"],
    [["no-equals"], "claim=pattern"],
    [["repo sitory=x"], "claim=pattern"],
    [["repository="], "it is empty"],
    [["repository=acme/api", "repository=acme/web"], "appears twice"],
    [[42], "must be a string"],
  ];
  for (const [raw, why] of cases) {
    const parsed = parseClaimPatterns(raw);
    assertEquals(parsed.ok, false, JSON.stringify(raw));
    if (!parsed.ok) assertStringIncludes(parsed.error, why);
  }
});

Deno.test("matchClaims: glob patterns, text of numbers and booleans, objects never match", () => {
  const patterns = [
    { claim: "repository", pattern: "acme/*" },
    { claim: "run_attempt", pattern: "1" },
    { claim: "ref_protected", pattern: "true" },
  ];
  assertEquals(
    matchClaims(patterns, { repository: "acme/api", run_attempt: 1, ref_protected: true }),
    { ok: true },
  );
  const bad = matchClaims(patterns, { repository: "acme2/api", run_attempt: 1 });
  assertEquals(bad.ok, false);
  const nested = matchClaims([{ claim: "repository", pattern: "*" }], { repository: ["acme/api"] });
  assertEquals(nested.ok, false);
  assertEquals([claimText(null), claimText({}), claimText(Infinity)], [
    undefined,
    undefined,
    undefined,
  ]);
});
