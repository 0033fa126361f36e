import { assertEquals, assertStringIncludes } from "@std/assert";
import { factsBlock } from "./facts_block.ts";

Deno.test("facts block: each fact with its source; hostile values stay inert; nothing to show, no block", () => {
  assertEquals(factsBlock([]), undefined);
  const block = factsBlock([
    {
      name: "oidc.ref",
      value: "refs/heads/main",
      source: "verified",
      by: "OIDC token signed by https://x",
    },
    { name: "ci_status", value: "<!channel> *passed*", source: "asserted", by: "the caller" },
    { name: "time.hours", value: "10:00", source: "verified", wanted: "09:00-17:00" },
    { name: "ticket", value: "", source: "asserted" },
  ], '"production" is a protected environment <!here>')!;
  const text = block.text!.text.replaceAll("\u200b", "");
  assertStringIncludes(
    text,
    "*oidc.ref* = refs/heads/main — :lock: verified by OIDC token signed by https://x",
  );
  assertStringIncludes(text, "— _caller-asserted_");
  assertStringIncludes(text, "10:00 (rule: 09:00-17:00)");
  assertStringIncludes(text, "*ticket* = _not sent_");
  assertStringIncludes(text, "Why humans are asked:");
  assertEquals(block.text!.text.includes("<!channel>"), false);
  assertEquals(block.text!.text.includes("<!here>"), false);
  // Many facts: the message lists a dozen and says the record has the rest.
  const many = Array.from(
    { length: 20 },
    (_, i) => ({ name: `k${i}`, value: "v", source: "asserted" as const }),
  );
  assertStringIncludes(factsBlock(many)!.text!.text, "… and 8 more in the record");
});
