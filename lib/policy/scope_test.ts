import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  decodeGrant,
  describeGrant,
  encodeGrant,
  liveScopes,
  parseScopeInput,
  scopedRule,
} from "./scope.ts";

const request = {
  service_id: "ci-bot",
  action: "deploy",
  resource: "api-server#152",
  environment: "production",
};
const T0 = 1_800_000_000_000;

Deno.test("only this request grants nothing; like needs a bound and a covering pattern", () => {
  assertEquals(parseScopeInput({}, request), { ok: true });
  assertEquals(parseScopeInput({ choice: "this", minutes: "30" }, request), { ok: true });
  assertEquals(parseScopeInput({ choice: "like", count: "3" }, request), {
    ok: true,
    grant: { minutes: 60, max_requests: 3, resource_pattern: "api-server#152" },
  });
  assertEquals(
    parseScopeInput({ choice: "like", minutes: "15", resource_pattern: "api-*" }, request),
    {
      ok: true,
      grant: { minutes: 15, max_requests: 0, resource_pattern: "api-*" },
    },
  );
  const cases: [Record<string, string>, string, string][] = [
    [{}, "minutes", "Give the minutes, a number of requests, or both"],
    [{ minutes: "0" }, "minutes", 'Cannot use "0" minutes: give a whole number from 1 to 480'],
    [{ minutes: "2h" }, "minutes", 'Cannot use "2h" minutes'],
    [{ minutes: "481" }, "minutes", 'Cannot use "481" minutes'],
    [{ count: "51" }, "count", 'Cannot use "51" requests: give a whole number from 1 to 50'],
    [{ count: "-1" }, "count", 'Cannot use "-1" requests'],
    [
      { count: "1", resource_pattern: "web-*" },
      "resource_pattern",
      'pattern "web-*": it does not cover',
    ],
    [
      { count: "1", resource_pattern: "api-*\u0007" },
      "resource_pattern",
      "Cannot use the pattern:",
    ],
  ];
  for (const [input, field, message] of cases) {
    const parsed = parseScopeInput({ choice: "like", ...input }, request);
    assert(!parsed.ok, JSON.stringify(input));
    assertEquals(parsed.field, field);
    assertStringIncludes(parsed.error, message);
  }
});

Deno.test("a scope matches requests like the granting one, until it expires (injected clock)", () => {
  const grant = { minutes: 30, max_requests: 0, resource_pattern: "api-*" };
  const rule = scopedRule(grant, {
    ...request,
    decision_id: "ci-bot|r-1",
    granted_by: "U1",
    now: T0,
    policy_id: "prod",
  });
  assertEquals([rule.id, rule.expires_at], ["scope|ci-bot|r-1", T0 + 30 * 60_000]);
  const like = { ...request, resource: "api-gateway" };
  assertEquals(liveScopes([rule], like, "prod", T0 + 1).map((s) => s.id), [rule.id]);
  assertEquals(liveScopes([rule], like, "prod", T0 + 30 * 60_000 - 1).length, 1);
  // Expired: it matches nothing, by itself.
  assertEquals(liveScopes([rule], like, "prod", T0 + 30 * 60_000).length, 0);
  // Another bot, action, environment, resource or deciding rule: not covered.
  for (
    const other of [
      { ...like, service_id: "web-bot" },
      { ...like, action: "delete" },
      { ...like, environment: "staging" },
      { ...like, resource: "db-main" },
    ]
  ) {
    assertEquals(liveScopes([rule], other, "prod", T0 + 1).length, 0, JSON.stringify(other));
  }
  assertEquals(liveScopes([rule], like, "", T0 + 1).length, 0);
  // Used up by the hint, or malformed: nothing.
  assertEquals(liveScopes([{ ...rule, max_requests: 2, used: 2 }], like, "prod", T0).length, 0);
  assertEquals(liveScopes([{ ...rule, resource_pattern: undefined }], like, "prod", T0).length, 0);
});

Deno.test("grants round-trip for the record; malformed ones are dropped", () => {
  const grant = { minutes: 60, max_requests: 5, resource_pattern: "api-*" };
  assertEquals(decodeGrant(encodeGrant(grant)), grant);
  assertEquals(
    describeGrant(grant),
    'requests like this one (resource "api-*") for 60 min, at most 5 requests',
  );
  for (const bad of ["", "{}", '{"minutes":0,"max_requests":1,"resource_pattern":"a"}', "[1]"]) {
    assertEquals(decodeGrant(bad), undefined, bad);
  }
});
