import { assertEquals } from "@std/assert";
import {
  attributionFromClaims,
  decodeAttribution,
  encodeAttribution,
  GITHUB_ACTIONS_ISSUER,
} from "./attribution.ts";

Deno.test("attribution from GitHub Actions claims, with the run URL", () => {
  const a = attributionFromClaims(GITHUB_ACTIONS_ISSUER, {
    sub: "repo:acme/api:ref:refs/heads/main",
    actor: "octocat",
    repository: "acme/api",
    run_id: "7311",
    run_attempt: "2",
    sha: "abc",
    event_name: "workflow_dispatch",
  });
  assertEquals(a.run_url, "https://github.com/acme/api/actions/runs/7311/attempts/2");
  assertEquals([a.actor, a.repository, a.event], ["octocat", "acme/api", "workflow_dispatch"]);
  // A repository that is not a plain path gets no URL.
  const odd = attributionFromClaims(GITHUB_ACTIONS_ISSUER, {
    sub: "x",
    repository: "acme/api?x=<y>",
    run_id: "1",
  });
  assertEquals(odd.run_url, undefined);
});

Deno.test("attribution from GitLab claims, with the pipeline URL", () => {
  const a = attributionFromClaims("https://gitlab.com", {
    sub: "project_path:acme/api:ref_type:branch:ref:main",
    user_login: "alice",
    project_path: "acme/api",
    pipeline_id: "99",
    ci_config_ref_uri: "gitlab.com/acme/api//.gitlab-ci.yml@refs/heads/main",
    pipeline_source: "push",
  });
  assertEquals(a.actor, "alice");
  assertEquals(a.repository, "acme/api");
  assertEquals(a.run_id, "99");
  assertEquals(a.run_url, "https://gitlab.com/acme/api/-/pipelines/99");
  assertEquals(a.workflow, "gitlab.com/acme/api//.gitlab-ci.yml@refs/heads/main");
});

Deno.test("encode/decode: bounded, control characters stripped, junk refused", () => {
  const a = attributionFromClaims("https://i", { sub: "s", actor: "x\u0000y".padEnd(1000, "z") });
  assertEquals(a.actor!.length <= 300, true);
  assertEquals(a.actor!.includes("\u0000"), false);
  assertEquals(decodeAttribution(encodeAttribution(a)), a);
  for (const junk of ["", "nope", "[]", "null", '{"actor":"x"}', '{"issuer":5}']) {
    assertEquals(decodeAttribution(junk), undefined, junk);
  }
  assertEquals(decodeAttribution('{"issuer":"i","evil":"x"}'), { issuer: "i", subject: "" });
});
