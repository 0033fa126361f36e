import { assert, assertEquals, assertNotEquals } from "@std/assert";
import { isMessageDigest } from "../decision/seen.ts";
import { messageDigest } from "./seen_digest.ts";

const blocks = [
  { type: "header", text: { type: "plain_text", text: "deploy-bot asks to deploy" } },
  { type: "section", text: { type: "mrkdwn", text: "*ci_status* passed _(asserted)_" } },
];

Deno.test("the message digest is deterministic, key order free, and sees every label", () => {
  const d = messageDigest(blocks)!;
  assert(isMessageDigest(d), d);
  const reordered = blocks.map((b) => Object.fromEntries(Object.entries(b).reverse()));
  assertEquals(messageDigest(reordered), d);
  // One label changed (asserted → verified) is another message.
  const relabelled = structuredClone(blocks);
  relabelled[1].text.text = "*ci_status* passed _(verified)_";
  assertNotEquals(messageDigest(relabelled), d);
  assertEquals(messageDigest([]), undefined);
  assertEquals(messageDigest(undefined), undefined);
});
