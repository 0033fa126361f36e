import { assertEquals, assertStringIncludes } from "@std/assert";
import { attributionFromClaims, GITHUB_ACTIONS_ISSUER } from "./attribution.ts";
import { type AssertedFields, findClaimConflict } from "./conflict.ts";

const GITHUB_CLAIMS = {
  sub: "repo:acme/api:environment:production",
  actor: "octocat",
  triggering_actor: "hubot",
  repository: "acme/api",
  environment: "production",
  run_id: "7311",
};
const GITLAB = "https://gitlab.example.com";
const GITLAB_CLAIMS = {
  sub: "project_path:acme/tools/api:ref_type:branch:ref:main",
  user_login: "alice",
  user_email: "alice@acme.example",
  project_path: "acme/tools/api",
  pipeline_id: "991",
  environment: "production",
};

function check(
  asserted: AssertedFields,
  claims: Record<string, unknown> = GITHUB_CLAIMS,
  issuer = GITHUB_ACTIONS_ISSUER,
) {
  return findClaimConflict(asserted, claims, attributionFromClaims(issuer, claims));
}

Deno.test("conflict: agreeing, empty or unclaimed fields are no conflict", () => {
  const agreeing: AssertedFields[] = [
    { environment: "production", triggered_by: "octocat" },
    { triggered_by: "OctoCat" }, // GitHub logins ignore case
    { triggered_by: "hubot" }, // who re-ran the job
    { environment: "", triggered_by: "", source_url: "" },
    { source_url: "https://github.com/acme/api/actions/runs/7311/attempts/2" },
    { source_url: "https://github.com/Acme/API/actions/runs/7311" },
    { source_url: "https://github.com/acme/web/pull/12" }, // not a run page: says nothing
    { source_url: "https://ci.acme.example/acme/web/actions/runs/1" }, // another host
  ];
  for (const asserted of agreeing) {
    assertEquals(check(asserted), undefined, JSON.stringify(asserted));
  }
  // A token without environment or actor claims cannot conflict on them.
  assertEquals(check({ environment: "staging", triggered_by: "x" }, { sub: "s" }), undefined);
  assertEquals(
    check(
      { triggered_by: "alice@acme.example", source_url: `${GITLAB}/acme/tools/api/-/jobs/5` },
      GITLAB_CLAIMS,
      GITLAB,
    ),
    undefined,
  );
});

Deno.test("conflict: environment, actor, repository and run disagreements name both values", () => {
  const cases: [AssertedFields, string, string, string][] = [
    [{ environment: "staging" }, "environment", "environment", '"staging"'],
    [{ triggered_by: "mallory" }, "triggered_by", "actor", '"octocat"'],
    [
      { source_url: "https://github.com/evil/x/actions/runs/7311" },
      "source_url",
      "repository",
      '"acme/api"',
    ],
    [
      { source_url: "https://github.com/acme/api/actions/runs/1" },
      "source_url",
      "run_id",
      '"7311"',
    ],
  ];
  for (const [asserted, field, claim, verified] of cases) {
    const found = check(asserted);
    assertEquals([found?.field, found?.claim], [field, claim], JSON.stringify(asserted));
    assertStringIncludes(found!.detail, verified);
    assertStringIncludes(found!.detail, `"${Object.values(asserted)[0]}"`);
    assertStringIncludes(found!.detail, "the request and the token must agree");
  }
  const gitlab = check(
    { source_url: `${GITLAB}/evil/api/-/pipelines/991` },
    GITLAB_CLAIMS,
    GITLAB,
  );
  assertEquals([gitlab?.claim, gitlab?.verified], ["project_path", "acme/tools/api"]);
  const run = check(
    { source_url: `${GITLAB}/acme/tools/api/-/pipelines/7` },
    GITLAB_CLAIMS,
    GITLAB,
  );
  assertEquals([run?.claim, run?.verified], ["pipeline_id", "991"]);
  const who = check({ triggered_by: "bob" }, GITLAB_CLAIMS, GITLAB);
  assertEquals([who?.claim, who?.verified], ["user_login", "alice"]);
});

Deno.test("conflict: a bot account may act for the person named in triggered_by", () => {
  for (const actor of ["chatops[bot]", "project_42_bot_3f1e"]) {
    assertEquals(check({ triggered_by: "alice" }, { ...GITHUB_CLAIMS, actor }), undefined, actor);
  }
  // The bot exception does not cover the environment.
  const env = check({ environment: "staging" }, { ...GITHUB_CLAIMS, actor: "chatops[bot]" });
  assertEquals(env?.field, "environment");
});
