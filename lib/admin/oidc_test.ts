import { assertEquals, assertStringIncludes } from "@std/assert";
import { applyOidcSettings, checkIssuer, identityProblem, parseClaimsField } from "./oidc.ts";

const GITHUB = "https://token.actions.githubusercontent.com";

Deno.test("checkIssuer: https in the outgoing domains, no query or fragment", () => {
  assertEquals(checkIssuer(GITHUB, []), undefined);
  assertEquals(checkIssuer("https://gitlab.com", []), undefined);
  assertStringIncludes(checkIssuer("http://gitlab.com", [])!, "must use https");
  assertStringIncludes(checkIssuer("https://idp.example.org", [])!, "not in the app's outgoing");
  assertEquals(checkIssuer("https://idp.example.org", ["idp.example.org"]), undefined);
  assertStringIncludes(checkIssuer("https://idp.example.org", ["example.org"])!, "not in the app");
  assertStringIncludes(checkIssuer("https://gitlab.com#x", [])!, "query or fragment");
  assertStringIncludes(checkIssuer("https://gitlab.com?", [])!, "query or fragment");
  assertStringIncludes(checkIssuer(`https://gitlab.com/${"a".repeat(2000)}`, [])!, "longer");
  // The local platform's issuer: plain http only for a loopback host listed as extra.
  assertEquals(checkIssuer("http://127.0.0.1:8123", ["127.0.0.1"]), undefined);
});

Deno.test("parseClaimsField: commas or lines, the verifier's rules", () => {
  assertEquals(parseClaimsField("repository=acme/api,\nref=refs/heads/*\n"), {
    ok: true,
    claims: ["repository=acme/api", "ref=refs/heads/*"],
  });
  const loose = parseClaimsField("environment=production");
  assertEquals(loose.ok, false);
  if (!loose.ok) assertStringIncludes(loose.error, "OIDC claims: it must pin at least one of sub");
  const many = parseClaimsField(Array.from({ length: 51 }, (_, i) => `c${i}=x`).join("\n"));
  assertEquals(many.ok ? "" : many.error, "OIDC claims has 51 entries; at most 50");
});

Deno.test("applyOidcSettings: blank keeps, values are checked", () => {
  const base = { id: "b", oidc_issuer: GITHUB, oidc_claims: ["sub=repo:acme/api:*"] };
  const kept = applyOidcSettings(structuredClone(base), { oidc_issuer: " " }, { extraDomains: [] });
  assertEquals(kept, { ok: true, item: base });
  const bound = applyOidcSettings({ id: "b" }, { oidc_binding: "single_use " }, {
    extraDomains: [],
  });
  assertEquals(bound.ok && bound.item.oidc_binding, "single_use");
  const bad = applyOidcSettings({ id: "b" }, { oidc_audience: "a\u0000b" }, { extraDomains: [] });
  assertStringIncludes(bad.ok ? "" : bad.error, "OIDC audience");
});

Deno.test("identityProblem: a key or an issuer with claims; OIDC settings need an issuer", () => {
  const key = [{ key_id: "k", public_key: "x" }];
  assertEquals(identityProblem({ id: "b", public_keys: key }), undefined);
  assertEquals(
    identityProblem({ id: "b", oidc_issuer: GITHUB, oidc_claims: ["repository=acme/api"] }),
    undefined,
  );
  assertStringIncludes(identityProblem({ id: "b" })!, "needs a public key or an OIDC issuer");
  assertStringIncludes(
    identityProblem({ id: "b", oidc_issuer: GITHUB, public_keys: key })!,
    "OIDC claims are required",
  );
  assertEquals(
    identityProblem({ id: "b", public_keys: key, oidc_binding: "request" }),
    "oidc_binding need an OIDC issuer (give oidc_issuer, or clear them)",
  );
});

Deno.test("parseClaimsField: the pin rule, with what a good pin looks like", () => {
  for (
    const loose of ["sub=repo:*", "repository=*/*", "project_path=acme*", "job_workflow_ref=a/b/c"]
  ) {
    const parsed = parseClaimsField(`${loose}\nref=refs/heads/main`);
    assertEquals(parsed.ok, false, loose);
    if (!parsed.ok) {
      assertStringIncludes(parsed.error, `OIDC claims: it must pin at least one of`);
      assertStringIncludes(parsed.error, `"${loose}" does not pin the workload`);
      assertStringIncludes(parsed.error, "repository=acme/api, repository=acme/*");
    }
  }
  assertEquals(parseClaimsField("repository=acme/*").ok, true);
  assertEquals(parseClaimsField("sub=project_path:acme/api:*").ok, true);
});
