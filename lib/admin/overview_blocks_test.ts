import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { LIMITS, MAX_MESSAGES, overviewMessages } from "./overview_blocks.ts";
import { testBot, testPolicies, W } from "./_testing.ts";
import type { ServiceItem } from "./bot.ts";
import type { PolicyItem } from "./policy.ts";

const NOW = Date.UTC(2026, 11, 6);
const bot = (extra: Record<string, unknown> = {}) => testBot(extra) as unknown as ServiceItem;
const RULES = testPolicies() as unknown as PolicyItem[];

type Section = { type: string; text?: { text: string }; fields?: { text: string }[] };

function texts(block: Section): string[] {
  return [block.text?.text ?? "", ...(block.fields ?? []).map((f) => f.text)];
}

/** Every Slack limit the overview promises, checked on each message. */
function assertWithinLimits(messages: { blocks: unknown[] }[]) {
  for (const message of messages) {
    assert(message.blocks.length <= LIMITS.blocksPerMessage);
    for (const block of message.blocks as Section[]) {
      if (block.type === "header") assert(block.text!.text.length <= LIMITS.headerChars);
      if (block.type !== "section") continue;
      assert(block.text!.text.length <= LIMITS.sectionChars);
      assert((block.fields ?? []).length <= LIMITS.fieldsPerSection);
      for (const f of block.fields ?? []) assert(f.text.length <= LIMITS.fieldChars, f.text);
    }
  }
}

Deno.test("a bot is a section with fields: mentions, channel links, group mentions, code ids", () => {
  const [message] = overviewMessages(
    [
      bot({ approver_usergroup: W.usergroupId, escalation_usergroup: "S0LEADS0001" }),
    ],
    RULES,
    NOW,
  );
  const blocks = message.blocks as Section[];
  assertEquals(message.blocks[0], {
    type: "header",
    text: { type: "plain_text", text: "Bots (1)" },
  });
  const section = texts(blocks[1]).join("\n");
  assertStringIncludes(section, '*`"ci-bot"`* `"CI bot"` · active');
  assertStringIncludes(
    section,
    `*Approvers*\n1 of <@${W.users.alice}>, <@${W.users.bob}>, <!subteam^${W.usergroupId}>`,
  );
  assertStringIncludes(section, `*Channels*\n<#${W.channelId}> (approvals)`);
  assertStringIncludes(section, `*Owner*\n<@${W.users.alice}>`);
  assertStringIncludes(section, "*Environments*\n`staging`, `production`");
  assertStringIncludes(section, "*Escalation*\n<!subteam^S0LEADS0001>");
  assert(!/[\u200b-\u200f\u2060\ufeff]/.test(JSON.stringify(message)), "no invisible characters");
  assertWithinLimits([message]);
  assertStringIncludes(message.text, "1 bot(s), 2 policy rule(s)");
});

Deno.test("rules are numbered in evaluation order with their effect and patterns", () => {
  const [message] = overviewMessages([], RULES, NOW);
  const sections = (message.blocks as Section[]).filter((b) => b.type === "section");
  assertEquals(sections.length, 2);
  assertStringIncludes(sections[0].text!.text, '*1.* `"staging-auto"`');
  assertStringIncludes(sections[1].text!.text, '*2.* `"prod-two"`');
  assertStringIncludes(sections[1].text!.text, "require 2 approval(s) when bot `*`");
  assertStringIncludes(JSON.stringify(message.blocks), "No bots yet.");
});

Deno.test("stored values that are not well-formed ids never become mentions or links", () => {
  const [message] = overviewMessages(
    [
      bot({
        id: "evil",
        display_name: "<!here>",
        owner: "<!channel>",
        approver_users: ["<!everyone>", "U0ALICE0001>|x"],
        approver_usergroup: "S1> <!channel",
        approval_channel: "<!here>",
        watcher_channel: "<#C0GENERAL01|x>",
        allowed_actions: ["a`b", "<@U0BOB000001>"],
        callback_url: "https://x.example/<!channel>",
      }),
    ],
    [],
    NOW,
  );
  const all = texts(message.blocks[1] as Section).join("\n");
  assertEquals(all.match(/<[!@#]/g), null, all);
  assertStringIncludes(all, "&lt;!everyone&gt;");
  assertStringIncludes(all, "`&lt;@U0BOB000001&gt;`");
});

Deno.test("a long overview is split into messages of at most 50 blocks, the rest counted", () => {
  const many = Array.from(
    { length: 120 },
    (_, i) => bot({ id: `bot-${String(i).padStart(3, "0")}` }),
  );
  const patterns = Array.from({ length: 50 }, (_, i) => `pattern-${i}-${"x".repeat(100)}`);
  many[0].allowed_actions = patterns;
  const messages = overviewMessages(many, RULES, NOW);
  assertEquals(messages.length, 3);
  assertWithinLimits(messages);
  assertStringIncludes(texts(messages[0].blocks[1] as Section).join(), "… and ");
  const huge = Array.from({ length: 600 }, (_, i) => bot({ id: `b${i}` }));
  const capped = overviewMessages(huge, [], NOW);
  assertEquals(capped.length, MAX_MESSAGES);
  const last = JSON.stringify(capped.at(-1)!.blocks.at(-1));
  const shown = capped.reduce((n, m) => n + m.blocks.length, 0) - 1;
  // header + 600 bots + divider + header + context + "no rules" = 605 blocks.
  assertStringIncludes(last, `… ${605 - shown} more not shown.`);
});
