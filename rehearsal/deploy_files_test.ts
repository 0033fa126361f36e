/** The files `slack deploy` and deployers read: the CLI hooks file and the README's commands. */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { existsSync } from "node:fs";
import { SOURCES } from "./offline.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("the CLI reads .slack/hooks.json, pinned to the hooks version the rehearsal runs", async () => {
  // Today's Slack CLI reads .slack/hooks.json; a root slack.json is deprecated there.
  assert(!existsSync(new URL("slack.json", ROOT)), "root slack.json is deprecated: remove it");
  const hooks = JSON.parse(await Deno.readTextFile(new URL(".slack/hooks.json", ROOT)));
  const getHooks = String(hooks.hooks?.["get-hooks"] ?? "");
  const version = SOURCES.hooks.replace("deno-slack-hooks@", "");
  assertEquals(
    getHooks,
    `deno run -q --allow-read --allow-net https://deno.land/x/deno_slack_hooks@${version}/mod.ts`,
  );
});

Deno.test("the README's Slack CLI commands are scriptable (no interactive prompts)", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const access = [...readme.matchAll(/slack function access[^`\n]*/g)].map((m) => m[0]);
  assert(access.length > 0, "the README explains `slack function access`");
  for (const command of access) assertMatch(command, /--(grant|revoke)\b/, command);
  assert(readme.includes("`.slack/hooks.json`"), "the README names the hooks file the CLI reads");
});

Deno.test("every row of docs/slack_rules.md has a source and a test file that exists", async () => {
  const doc = await Deno.readTextFile(new URL("docs/slack_rules.md", ROOT));
  const rows = doc.split("\n")
    .filter((l) => l.startsWith("|") && !/^\|\s*(Rule|-)/.test(l))
    .map((l) => l.split("|").slice(1, -1).map((cell) => cell.trim()));
  assert(rows.length >= 15, `${rows.length} rules`);
  const problems: string[] = [];
  for (const [rule, what, source, , test] of rows) {
    if (!source || (source.startsWith("—") && !what.includes("_assumption_"))) {
      problems.push(`${rule}: no source`);
    }
    const files = [...(test ?? "").matchAll(/`([\w/]+_test\.ts)`/g)].map((m) => m[1]);
    if (files.length === 0) problems.push(`${rule}: no test file`);
    for (const file of files) {
      const found = existsSync(new URL(file, ROOT)) ||
        existsSync(new URL(`rehearsal/${file}`, ROOT)) ||
        existsSync(new URL(`workflows/${file}`, ROOT)) ||
        existsSync(new URL(`triggers/${file}`, ROOT));
      if (!found) problems.push(`${rule}: ${file} does not exist`);
    }
  }
  assertEquals(problems, []);
});
