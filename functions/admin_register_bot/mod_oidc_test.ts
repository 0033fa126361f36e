/**
 * Registering bots with the settings added after the first admin forms: the escalation usergroup
 * and OIDC keyless identity. A keyless registration is then used by `verify_request` with a token
 * of a real local issuer, so "the form accepts it" means "verification can use it".
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { AdminRegisterBotFunction } from "./definition.ts";
import handler from "./mod.ts";
import { plain, W, withAdminPlatform } from "../_shared/_testing.ts";
import { canonicalString } from "../../lib/contract/mod.ts";
import { sampleRequest, TEST_PUBLIC_KEY } from "../../lib/contract/_testing.ts";
import { boundAudience, requestDigest } from "../../lib/oidc/mod.ts";
import { BYPASS_PATTERNS, startTestIssuer } from "../../dev/oidc_issuer.ts";
import { VerifyRequestFunction } from "../verify_request/definition.ts";
import verifyHandler from "../verify_request/mod.ts";

const GITHUB = "https://token.actions.githubusercontent.com";
/** A second usergroup with members (carol, dave) for escalations. */
const LEADS = "S0LEADS0001";

/** A complete keyless registration by alice (the configured admin). */
function keyless(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    actor: W.users.alice,
    service_id: "gh-deploy",
    display_name: "API deploys (GitHub)",
    kind: "ci",
    owner: W.users.carol,
    allowed_actions: "deploy",
    allowed_resources: "api-server#*",
    allowed_environments: "production",
    approver_users: [W.users.alice, W.users.bob],
    approval_channel: W.channelId,
    oidc_issuer: GITHUB,
    oidc_claims: "repository=acme/api\nref=refs/heads/main",
    ...extra,
  };
}

const test = (fn: Parameters<typeof withAdminPlatform>[2]) =>
  withAdminPlatform(AdminRegisterBotFunction, handler, async (t) => {
    t.platform.storage.putUsergroup({
      id: LEADS,
      handle: "leads",
      name: "Leads",
      users: [W.users.carol, W.users.dave],
    });
    t.platform.storage.putUsergroup({
      id: "S0EMPTY0001",
      handle: "empty",
      name: "Empty",
      users: [],
    });
    await fn(t);
  });

Deno.test("a keyless bot is registered with its issuer, claims, binding and escalation group", () =>
  test(async ({ run, item, events }) => {
    const { outputs, error } = await run(
      keyless({
        oidc_binding: "single_use",
        oidc_audience: "acme-ci",
        escalation_usergroup: LEADS,
      }),
    );
    assertEquals(error, undefined);
    assertEquals(outputs.ok, true, plain(outputs.summary));
    assertStringIncludes(plain(outputs.summary), `with OIDC issuer "${GITHUB}"`);
    const bot = item("services", "gh-deploy")!;
    assertEquals(bot.public_keys, []);
    assertEquals(
      [bot.oidc_issuer, bot.oidc_audience, bot.oidc_claims, bot.oidc_binding],
      [GITHUB, "acme-ci", ["repository=acme/api", "ref=refs/heads/main"], "single_use"],
    );
    assertEquals([bot.escalation_usergroup, bot.status], [LEADS, "active"]);
    const [event] = events();
    assertEquals([event.result, event.before], ["applied", ""]);
    const after = JSON.parse(String(event.after));
    assertEquals([after.oidc_issuer, after.escalation_usergroup], [GITHUB, LEADS]);
    for (const name of ["escalation_usergroup", "oidc_binding", "oidc_claims", "oidc_issuer"]) {
      assertStringIncludes(String(event.changed), name);
    }
  }));

Deno.test("a key and an issuer together are both stored; the summary names both", () =>
  test(async ({ run, item }) => {
    const { outputs } = await run(keyless({ public_key: TEST_PUBLIC_KEY, key_id: "gh-1" }));
    assertEquals(outputs.ok, true, plain(outputs.summary));
    assertStringIncludes(plain(outputs.summary), `with key "gh-1" and OIDC issuer "${GITHUB}"`);
    const bot = item("services", "gh-deploy")!;
    assertEquals(bot.public_keys, [{ key_id: "gh-1", public_key: TEST_PUBLIC_KEY, not_after: 0 }]);
    assertEquals(bot.oidc_issuer, GITHUB);
  }));

const INVALID: [string, Record<string, unknown>, string][] = [
  [
    "neither key nor issuer",
    { oidc_issuer: "", oidc_claims: "" },
    "the public key is empty (give one, or an OIDC issuer",
  ],
  ["key id without a key", { key_id: "gh-1" }, "a key id is given without a public key"],
  [
    "issuer over http",
    { oidc_issuer: "http://token.actions.githubusercontent.com" },
    "must use https",
  ],
  [
    "issuer outside the domains",
    { oidc_issuer: "https://issuer.evil.test" },
    'OIDC issuer host "issuer.evil.test" is not in the app\'s outgoing domains',
  ],
  [
    "issuer not a URL",
    { oidc_issuer: "token.actions" },
    'OIDC issuer "token.actions" is not a valid URL',
  ],
  ["issuer with a query", { oidc_issuer: `${GITHUB}?x=1` }, "must not have a query or fragment"],
  [
    "issuer with credentials",
    { oidc_issuer: "https://u:p@gitlab.com" },
    "must not carry credentials",
  ],
  ["issuer without claims", { oidc_claims: "" }, "OIDC claims are required with an OIDC issuer"],
  [
    "claims pin nothing",
    { oidc_claims: "ref=refs/heads/main" },
    "OIDC claims: it must pin at least one of sub, repository",
  ],
  ["claims pin only *", { oidc_claims: "repository=*" }, "it must pin at least one of"],
  ...BYPASS_PATTERNS.map((bypass): [string, Record<string, unknown>, string] => [
    `bypass ${bypass}`,
    { oidc_claims: `${bypass}\nref=refs/heads/main` },
    `"${bypass}" does not pin the workload`,
  ]),
  [
    "owner left open",
    { oidc_claims: "repository=acme*" },
    'the part before the first wildcard ("acme") must name the owner',
  ],
  ["claim without =", { oidc_claims: "repository" }, 'entry "repository" must be claim=pattern'],
  ["claim pattern syntax", { oidc_claims: "repository=acme/\u0007" }, "Cannot use pattern"],
  [
    "claim twice",
    { oidc_claims: "repository=a/b, repository=a/c" },
    'claim "repository" appears twice',
  ],
  [
    "binding value",
    { oidc_binding: "forever" },
    'OIDC binding "forever" must be "request" or "single_use"',
  ],
  [
    "audience with spaces",
    { oidc_audience: "my ci" },
    'OIDC audience "my ci" must not contain spaces',
  ],
  [
    "escalation id",
    { escalation_usergroup: "leads" },
    'escalation usergroup "leads" is not a Slack usergroup id',
  ],
  [
    "escalation unknown",
    { escalation_usergroup: "S0NOPE" },
    'escalation usergroup "S0NOPE" cannot be used: Slack answered "no_such_subteam"',
  ],
  ["escalation empty", { escalation_usergroup: "S0EMPTY0001" }, "has no members to escalate to"],
  ["escalation = approvers", {
    approver_usergroup: W.usergroupId,
    escalation_usergroup: W.usergroupId,
  }, "is the approver usergroup; the sweep only escalates to another group"],
];

for (const [name, change, message] of INVALID) {
  Deno.test(`keyless/escalation registration refused with a specific message: ${name}`, () =>
    test(async ({ run, item, events }) => {
      const { outputs, error } = await run(keyless(change));
      assertEquals(error, undefined);
      assertEquals(outputs.ok, false);
      assertStringIncludes(plain(outputs.summary), message);
      assert(plain(outputs.summary).startsWith('Cannot register bot "gh-deploy": '));
      assertEquals(item("services", "gh-deploy"), undefined);
      const [event] = events();
      assertEquals([event.result, event.action, event.after], ["invalid", "register_bot", ""]);
      assertStringIncludes(plain(event.detail), message);
    }));
}

Deno.test("claims or audience given with a key but no issuer are refused", () =>
  test(async ({ run }) => {
    const { outputs } = await run(keyless({ oidc_issuer: "", public_key: TEST_PUBLIC_KEY }));
    assertEquals(outputs.ok, false);
    assertStringIncludes(plain(outputs.summary), "oidc_claims need an OIDC issuer");
  }));

Deno.test("a keyless bot registered by an admin is accepted by verify_request with a bound token", async () => {
  const issuer = await startTestIssuer();
  try {
    await withAdminPlatform(AdminRegisterBotFunction, handler, async ({ platform, run }) => {
      const extra = { COUNTERSIGN_EXTRA_OUTGOING_DOMAINS: "127.0.0.1" };
      const registered = await run(
        keyless({ service_id: "ci-bot", oidc_issuer: issuer.issuer }),
        extra,
      );
      assertEquals(registered.outputs.ok, true, plain(registered.outputs.summary));

      const { createContext } = SlackFunctionTester(VerifyRequestFunction);
      const req = { ...sampleRequest(), key_id: "", triggered_by: "octocat" };
      const digest = await requestDigest(canonicalString(req));
      const verify = async (token: string, request: Record<string, unknown> = req) =>
        await verifyHandler(createContext({
          inputs: { ...request, oidc_token: token },
          env: { SLACK_API_URL: platform.url, ...extra },
        }));
      const ok = await verify(await issuer.token({ aud: boundAudience("countersign", digest) }));
      assertEquals(ok.outputs?.verdict, "verified", String(ok.outputs?.reason_detail));
      assertEquals(ok.outputs?.identity_method, "oidc");
      // The registered claim patterns are enforced: another repository's token is refused.
      const other = await verify(
        await issuer.token({ aud: boundAudience("countersign", digest), repository: "evil/api" }),
      );
      assertEquals(other.outputs?.reason_code, "oidc_claim_mismatch");
      // The bypass patterns never reach the datastore, so no foreign workload gets through.
      for (const bypass of BYPASS_PATTERNS) {
        const refused = await run(
          keyless({ service_id: "loose-bot", oidc_issuer: issuer.issuer, oidc_claims: bypass }),
          extra,
        );
        assertEquals(refused.outputs.ok, false, bypass);
        const loose = await verify(
          await issuer.token({ aud: boundAudience("countersign", digest), repository: "evil/x" }),
          { ...req, service_id: "loose-bot" },
        );
        assertEquals(loose.outputs?.reason_code, "unknown_service", bypass);
      }
    }, null);
  } finally {
    await issuer.close();
  }
});
