/**
 * Editing the settings added after the first admin forms: the escalation usergroup and OIDC
 * keyless identity, including clearing them and the checks that keep a bot able to prove who it
 * is.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { AdminEditBotFunction } from "./definition.ts";
import handler from "./mod.ts";
import { plain, testBot, W, withAdminPlatform } from "../_shared/_testing.ts";
import { BYPASS_PATTERNS, startTestIssuer } from "../../dev/oidc_issuer.ts";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { sampleRequest } from "../../lib/contract/_testing.ts";
import { VerifyRequestFunction } from "../verify_request/definition.ts";
import verifyHandler from "../verify_request/mod.ts";

const GITLAB = "https://gitlab.com";
const LEADS = "S0LEADS0001";
const OIDC = {
  oidc_issuer: GITLAB,
  oidc_claims: ["project_path=acme/api", "ref=main"],
  oidc_binding: "single_use",
};

const test = (
  fn: Parameters<typeof withAdminPlatform>[2],
  bot: Record<string, unknown> = testBot(),
) =>
  withAdminPlatform(AdminEditBotFunction, handler, async (t) => {
    t.platform.storage.putUsergroup({
      id: LEADS,
      handle: "leads",
      name: "Leads",
      users: [W.users.carol, W.users.dave],
    });
    await fn(t);
  }, bot);

const edit = (change: Record<string, unknown>) => ({
  actor: W.users.alice,
  service_id: "ci-bot",
  ...change,
});

Deno.test("an edit adds OIDC identity and an escalation group; the event has before and after", () =>
  test(async ({ run, item, events }) => {
    const { outputs } = await run(edit({
      oidc_issuer: GITLAB,
      oidc_claims: "project_path=acme/api, ref=main",
      oidc_binding: "single_use",
      escalation_usergroup: LEADS,
    }));
    assertEquals(outputs.ok, true, plain(outputs.summary));
    const bot = item("services", "ci-bot")!;
    assertEquals(
      [bot.oidc_issuer, bot.oidc_claims, bot.oidc_binding, bot.escalation_usergroup],
      [GITLAB, ["project_path=acme/api", "ref=main"], "single_use", LEADS],
    );
    assertEquals(bot.public_keys, testBot().public_keys);
    const [event] = events();
    assertEquals(event.changed, "escalation_usergroup,oidc_binding,oidc_claims,oidc_issuer");
    const before = JSON.parse(String(event.before));
    const after = JSON.parse(String(event.after));
    assertEquals([before.oidc_issuer, before.escalation_usergroup], [undefined, undefined]);
    assertEquals([after.oidc_issuer, after.escalation_usergroup], [GITLAB, LEADS]);
  }));

Deno.test("clear removes OIDC identity and the escalation group from a bot that has a key", () =>
  test(async ({ run, item }) => {
    const { outputs } = await run(edit({
      clear: "oidc_issuer, oidc_claims, oidc_binding, escalation_usergroup",
    }));
    assertEquals(outputs.ok, true, plain(outputs.summary));
    const bot = item("services", "ci-bot")!;
    assertEquals(
      [bot.oidc_issuer, bot.oidc_claims, bot.oidc_binding, bot.escalation_usergroup],
      [undefined, undefined, undefined, undefined],
    );
  }, testBot({ ...OIDC, escalation_usergroup: LEADS })));

Deno.test("a keyless bot's claims can be replaced, never emptied", () =>
  test(async ({ run, item }) => {
    const replaced = await run(edit({ oidc_claims: "project_path=acme/web" }));
    assertEquals(replaced.outputs.ok, true, plain(replaced.outputs.summary));
    assertEquals(item("services", "ci-bot")!.oidc_claims, ["project_path=acme/web"]);
    const emptied = await run(edit({ clear: "oidc_claims" }));
    assertEquals(emptied.outputs.ok, false);
    assertStringIncludes(plain(emptied.outputs.summary), "OIDC claims are required");
  }, testBot({ ...OIDC, public_keys: [] })));

const KEYLESS = testBot({ ...OIDC, public_keys: [] });
const INVALID: [string, Record<string, unknown>, string, Record<string, unknown>?][] = [
  [
    "clearing the only identity",
    { clear: "oidc_issuer, oidc_claims, oidc_binding" },
    "the bot needs a public key or an OIDC issuer",
    KEYLESS,
  ],
  [
    "clearing the issuer, keeping claims",
    { clear: "oidc_issuer" },
    "oidc_claims, oidc_binding need an OIDC issuer",
    KEYLESS,
  ],
  ["claims without an issuer", { oidc_claims: "repository=acme/api" }, "need an OIDC issuer"],
  ["issuer without claims", { oidc_issuer: GITLAB }, "OIDC claims are required"],
  ["issuer outside the domains", {
    oidc_issuer: "https://gitlab.evil.test",
    oidc_claims: "project_path=acme/api",
  }, "is not in the app's outgoing domains"],
  ["claims pin nothing", { oidc_claims: "ref=main, project_path=*" }, "must pin at least one"],
  ["GitLab path without its group", { oidc_claims: "project_path=*/api" }, "does not pin"],
  ...BYPASS_PATTERNS.map((
    bypass,
  ): [string, Record<string, unknown>, string, Record<string, unknown>] => [
    `bypass ${bypass} on a keyless bot`,
    { oidc_claims: `${bypass}, ref=main` },
    `"${bypass}" does not pin the workload`,
    KEYLESS,
  ]),
  ["binding value", { oidc_binding: "once" }, 'OIDC binding "once" must be "request"'],
  ["unknown escalation group", { escalation_usergroup: "S0MISSING" }, "no_such_subteam"],
  ["escalation = approver group", {
    approver_usergroup: W.usergroupId,
    escalation_usergroup: W.usergroupId,
  }, "is the approver usergroup"],
];
for (const [name, change, message, bot] of INVALID) {
  Deno.test(`edit refused: ${name}`, () =>
    test(async ({ run, item, events }) => {
      const { outputs } = await run(edit(change));
      assertEquals(outputs.ok, false);
      assertStringIncludes(plain(outputs.summary), `Cannot edit bot "ci-bot": `);
      assertStringIncludes(plain(outputs.summary), message);
      assertEquals(item("services", "ci-bot"), bot ?? testBot());
      assertEquals([events()[0].result, events()[0].after], ["invalid", ""]);
    }, bot));
}

Deno.test("an edit to a bypass pattern is refused, so a foreign workload's token stays refused", async () => {
  const issuer = await startTestIssuer();
  const pinned = testBot({
    public_keys: [],
    oidc_issuer: issuer.issuer,
    oidc_claims: ["repository=acme/api"],
    oidc_binding: "single_use",
  });
  try {
    await withAdminPlatform(AdminEditBotFunction, handler, async ({ platform, run, item }) => {
      const extra = { COUNTERSIGN_EXTRA_OUTGOING_DOMAINS: "127.0.0.1" };
      const { createContext } = SlackFunctionTester(VerifyRequestFunction);
      const verify = async (requestId: string) =>
        await verifyHandler(createContext({
          inputs: {
            ...sampleRequest(),
            key_id: "",
            request_id: requestId,
            environment: "production",
            triggered_by: "octocat",
            oidc_token: await issuer.token({ aud: "countersign", repository: "evil/x" }),
          },
          env: { SLACK_API_URL: platform.url, ...extra },
        }));
      for (const [i, bypass] of BYPASS_PATTERNS.entries()) {
        const edited = await run(edit({ oidc_claims: bypass }), extra);
        assertEquals(edited.outputs.ok, false, bypass);
        assertStringIncludes(plain(edited.outputs.summary), `"${bypass}" does not pin`);
        assertEquals(item("services", "ci-bot")!.oidc_claims, ["repository=acme/api"]);
        const result = await verify(`evil-${i}`);
        assertEquals(result.outputs?.reason_code, "oidc_claim_mismatch", bypass);
      }
    }, pinned);
  } finally {
    await issuer.close();
  }
});
