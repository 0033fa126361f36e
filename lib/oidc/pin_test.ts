import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { matchPattern } from "../policy/pattern.ts";
import { parseClaimPatterns } from "./claims.ts";
import { IDENTIFYING_CLAIMS, literalPrefix, pinProblem } from "./pin.ts";
import { BYPASS_PATTERNS } from "../../dev/oidc_issuer.ts";

Deno.test("pin rule: exact values and owner-literal patterns pin", () => {
  for (
    const [claim, pattern] of [
      ["repository", "acme/api"],
      ["repository", "acme/*"],
      ["repository", "acme/api-?"],
      ["repository_owner", "acme"],
      ["repository_id", "123456789"],
      ["repository_owner_id", "9919"],
      ["sub", "repo:acme/api:environment:production"],
      ["sub", "repo:acme/api:*"],
      ["sub", "repo:acme/*"],
      ["sub", "repository_owner:acme:*"],
      ["sub", "project_path:acme/api:ref_type:branch:ref:*"],
      ["sub", "organization:acme:pipeline:deploy:*"],
      ["sub", "k8s-cluster-7"],
      ["workflow_ref", "acme/api/.github/workflows/deploy.yml@*"],
      ["project_path", "acme/api"],
      ["project_path", "acme/*"],
      ["project_id", "42"],
      ["namespace_path", "acme"],
      ["namespace_path", "acme/*"],
      ["namespace_id", "7"],
    ]
  ) assertEquals(pinProblem(claim, pattern), undefined, `${claim}=${pattern}`);
});

Deno.test("pin rule: patterns that leave the owner open do not pin, and say why", () => {
  const cases: [string, string, string][] = [
    ["repository", "?*", "starts with a wildcard"],
    ["repository", "*?", "starts with a wildcard"],
    ["repository", "*/*", "starts with a wildcard"],
    ["repository", "*", "starts with a wildcard"],
    ["repository", "acme*", 'before the first wildcard ("acme") must name the owner'],
    ["repository", "*/api", "starts with a wildcard"],
    ["repository_owner", "?*", "starts with a wildcard"],
    ["repository_owner", "acme*", "pins only as an exact value, e.g. repository_owner=acme"],
    ["repository_id", "12*", "pins only as an exact value"],
    ["sub", "*:*", "starts with a wildcard"],
    ["sub", "repo:*", 'before the first wildcard ("repo:")'],
    ["sub", "repo:acme*", "e.g. sub=repo:acme/api:environment:production or sub=repo:acme/api:*"],
    ["sub", "repo:?cme/*", '("repo:")'],
    ["sub", "project_path:*", '("project_path:")'],
    ["sub", "organization:*", '("organization:")'],
    ["sub", "system:serviceaccount:ci:*", "must name the owner"],
    ["project_path", "*", "starts with a wildcard"],
    ["project_path", "acme*", "project_path=acme/api or project_path=acme/*"],
    ["namespace_path", "acm?", "must name the owner"],
    ["workflow_ref", "*/.github/workflows/deploy.yml@*", "starts with a wildcard"],
    ["job_workflow_ref", "acme/shared/.github/workflows/d.yml@refs/heads/main", "workflow code"],
    ["ci_config_ref_uri", "gitlab.com/acme/api//.gitlab-ci.yml@refs/heads/main", "CI file"],
    ["environment", "production", "not an identifying claim"],
  ];
  for (const [claim, pattern, why] of cases) {
    assertStringIncludes(pinProblem(claim, pattern) ?? "(pins)", why, `${claim}=${pattern}`);
  }
});

Deno.test("pin rule: every bypass of issue #17 matches evil/x, and no registration accepts it", () => {
  const evil: Record<string, string> = {
    repository: "evil/x",
    repository_owner: "evil",
    sub: "repo:evil/x:ref:refs/heads/main",
  };
  for (const entry of BYPASS_PATTERNS) {
    const [claim, pattern] = entry.split("=");
    // The pattern really is a bypass: it matches the foreign workload's claim.
    assertEquals(matchPattern(pattern, evil[claim]), true, entry);
    const parsed = parseClaimPatterns([entry, "ref=refs/heads/main"]);
    assertEquals(parsed.ok, false, entry);
    if (!parsed.ok) {
      assertStringIncludes(parsed.error, `"${entry}" does not pin the workload`);
      assertStringIncludes(parsed.error, "a good pin is an exact value, or keeps the owner");
    }
  }
  // Together (one per claim) they pin nothing either.
  const together = parseClaimPatterns(["repository=*/*", "repository_owner=?*", "sub=repo:*"]);
  assertEquals(together.ok ? "" : together.error.includes("does not pin"), true);
});

Deno.test("pin rule: a loose pattern beside a pin only narrows, and is allowed", () => {
  const parsed = parseClaimPatterns(["repository=acme/api", "sub=repo:*", "repository_owner=*"]);
  assertEquals(parsed.ok, true);
});

Deno.test("literalPrefix: the text before the first wildcard", () => {
  assertEquals(
    ["acme/api", "acme/*", "a?b*", "*x"].map(literalPrefix),
    ["acme/api", "acme/", "a", ""],
  );
});

Deno.test("docs/oidc.md: the pin tables say what the rule does", async () => {
  const doc = await Deno.readTextFile(new URL("../../docs/oidc.md", import.meta.url));
  const rows = doc.split("\n").filter((line) => /^\| `[^`]*=.*\| (yes|no) +\|/.test(line));
  assert(rows.length >= 6, "the table of good and refused patterns");
  for (const row of rows) {
    const [cell, verdict] = row.split("|").slice(1, 3).map((c) => c.trim());
    let claim = "";
    for (const [, code] of cell.matchAll(/`([^`]+)`/g)) {
      const eq = code.indexOf("=");
      if (eq > 0) claim = code.slice(0, eq);
      const pattern = eq > 0 ? code.slice(eq + 1) : code;
      const pins = pinProblem(claim, pattern) === undefined;
      assertEquals(pins, verdict === "yes", `${claim}=${pattern}`);
    }
  }
  // Every identifying claim of the rule is in the claims table, and only those.
  const listed = [...doc.matchAll(/^\| `([a-z_]+)` +\| [^|]+\| (?:exact)/gm)].map((m) => m[1]);
  assertEquals(listed.sort(), [...IDENTIFYING_CLAIMS].sort());
});
