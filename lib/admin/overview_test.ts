import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { capLines } from "./overview.ts";

Deno.test("capLines cuts a long overview at a line end and says how much is left out", () => {
  const lines = Array.from({ length: 50 }, (_, i) => `• <@U0ALICE0001> line ${i} \`code\``);
  const text = lines.join("\n");
  assertEquals(capLines(text, 100_000), text);
  const cut = capLines(text, 500);
  assert(cut.length <= 500, String(cut.length));
  const kept = cut.split("\n");
  assert(kept.at(-1)!.startsWith("… ("), kept.at(-1));
  assertEquals(kept.at(-1), `… (${50 - (kept.length - 1)} more lines)`);
  for (const line of kept.slice(0, -1)) assert(lines.includes(line), "whole lines only");
});

Deno.test("the overview flags asserted-only auto-approve rules and lists the trust settings", async () => {
  const { overviewText } = await import("./overview.ts");
  const { readPolicySettings } = await import("../policy/settings.ts");
  const rules = [
    { id: "green", position: 10, conditions: "ci_status=passed", effect: "auto_approve" },
    {
      id: "main",
      position: 20,
      conditions: "oidc.ref=refs/heads/main&ci_status=passed",
      effect: "auto_approve",
    },
    { id: "old", position: 30, conditions: "time.slot=morning", effect: "auto_approve" },
  ];
  const settings = readPolicySettings({
    freezeWindows: "holidays=2026-12-20T00:00Z/2027-01-04T00:00Z",
    timeZone: "Europe/Berlin",
  });
  const text = overviewText([], rules, Date.parse("2026-12-24T00:00Z"), settings);
  const [green, main, old] = text.split("\n").filter((l) => /^\d\./.test(l));
  assertStringIncludes(old, "invalid, asks humans");
  assertStringIncludes(green, "asks humans instead in protected environments");
  assertEquals(main.includes("protected"), false);
  assertStringIncludes(text, "Protected environments: `production`");
  assertStringIncludes(text, "(on now)");
  assertStringIncludes(text, "`Europe/Berlin`");
});
