import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { AdminOverviewFunction } from "./definition.ts";
import handler from "./mod.ts";
import { plain, seedPolicies, testBot, W, withAdminPlatform } from "../_shared/_testing.ts";

const test = (fn: Parameters<typeof withAdminPlatform>[2]) =>
  withAdminPlatform(AdminOverviewFunction, handler, (t) => {
    seedPolicies(t.platform);
    t.platform.storage.putItem(
      "services",
      "agent-7",
      testBot({ id: "agent-7", display_name: "<!here> agent", status: "disabled" }),
    );
    return fn(t);
  });

Deno.test("the overview lists every bot and the rules in evaluation order", () =>
  test(async ({ run, events }) => {
    const { outputs } = await run({ actor: W.users.alice });
    assertEquals(outputs.ok, true);
    const text = plain(outputs.summary);
    assertStringIncludes(text, "*Bots (2)*");
    // People and channels are mentions and links, ids and patterns copyable code.
    assertStringIncludes(
      String(outputs.summary),
      `1 of <@${W.users.alice}>, <@${W.users.bob}> in <#${W.channelId}>`,
    );
    assertStringIncludes(String(outputs.summary), '`"agent-7"` `"&lt;!here&gt; agent"`');
    assertStringIncludes(String(outputs.summary), "when bot `*`, action `*`");
    assert(!/[\u200b-\u200f\u2060\ufeff]/.test(String(outputs.summary)), "no invisible characters");
    assert(text.indexOf('"agent-7"') < text.indexOf('"ci-bot"'), "bots sorted by id");
    assertStringIncludes(text, '"agent-7" "&lt;!here&gt; agent": disabled');
    assertStringIncludes(text, 'keys "ci-bot-2026"; actions deploy, build');
    assertStringIncludes(text, '1. "staging-auto" "Staging is fine" (position 10): auto_approve');
    assertStringIncludes(text, '2. "prod-two"');
    assertStringIncludes(text, "require 2 approval(s) when bot *, action *");
    assertEquals(events(), []);
  }));

Deno.test("a non-admin cannot list bots and rules; the refusal is recorded", () =>
  test(async ({ run, events }) => {
    const { outputs } = await run({ actor: W.users.carol });
    assertEquals(outputs.ok, false);
    assertStringIncludes(plain(outputs.summary), "Cannot list bots and policy rules");
    assert(!plain(outputs.summary).includes("ci-bot"));
    assertEquals(events().map((e) => [e.action, e.result]), [["list_admin_overview", "refused"]]);
  }));

Deno.test("the overview shows a keyless bot's OIDC identity and its escalation group", () =>
  test(async ({ run, platform }) => {
    platform.storage.putItem(
      "services",
      "gl-deploy",
      testBot({
        id: "gl-deploy",
        public_keys: [],
        oidc_issuer: "https://gitlab.com",
        oidc_claims: ["project_path=acme/api", "ref=main"],
        oidc_binding: "single_use",
        escalation_usergroup: "S0LEADS0001",
      }),
    );
    const text = plain((await run({ actor: W.users.alice })).outputs.summary);
    assertStringIncludes(
      text,
      'keys none; OIDC "https://gitlab.com" project_path=acme/api, ref=main (single_use); actions',
    );
    assertStringIncludes(text, `in <#${W.channelId}>, escalating to <!subteam^S0LEADS0001>`);
  }));

Deno.test("stored values that are not well-formed ids never become mentions", () =>
  test(async ({ run, platform }) => {
    platform.storage.putItem(
      "services",
      "evil",
      testBot({
        id: "evil",
        approver_users: ["<!everyone>", "U0ALICE0001>|x"],
        approver_usergroup: "S1> <!channel",
        approval_channel: "<!here>",
        allowed_actions: ["a`b", "<@U0BOB000001>"],
      }),
    );
    const summary = String((await run({ actor: W.users.alice })).outputs.summary);
    const line = summary.split("\n").find((l) => l.includes('"evil"'))!;
    assert(line, summary);
    // Only Slack syntax the overview built from validated ids may appear: none on this line.
    assertEquals(line.match(/<[!@#]/g), null, line);
    assertStringIncludes(line, "&lt;!everyone&gt;");
    assertStringIncludes(line, "&lt;!here&gt;");
    assertStringIncludes(line, "`&lt;@U0BOB000001&gt;`");
  }));

Deno.test("the acting admin gets the overview in Block Kit in their DM; a refused one gets none", () =>
  test(async ({ run, platform }) => {
    await run({ actor: W.users.carol });
    const dmOf = (user: string) =>
      platform.storage.listChannels().find((c) => c.is_im && c.members.includes(user));
    assertEquals(dmOf(W.users.carol), undefined, "nothing is sent to a non-admin");
    await run({ actor: W.users.alice });
    const dm = dmOf(W.users.alice);
    assert(dm, "the app opened a DM with the admin");
    const [message] = platform.storage.listMessages(dm.id);
    assertStringIncludes(message.text, "2 bot(s), 2 policy rule(s)");
    const blocks = JSON.stringify(message.blocks);
    assertStringIncludes(blocks, '"type":"header"');
    assertStringIncludes(blocks, `*Owner*\\n<@${W.users.alice}>`);
    assertStringIncludes(blocks, `*Channels*\\n<#${W.channelId}> (approvals)`);
    assertStringIncludes(blocks, '*1.* `\\"staging-auto\\"`');
  }));
