import { assert, assertEquals } from "@std/assert";
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
