import { assert, assertEquals, assertNotEquals } from "@std/assert";
import { isMessageDigest, messageDigest, seenDigestsFor } from "./seen.ts";

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

Deno.test("seen digests pair with the deciders only when every decider has one", () => {
  const d1 = messageDigest(blocks)!;
  const d2 = messageDigest(blocks.slice(0, 1))!;
  const seen = new Map([["U1", d1], ["U2", d2], ["U3", "sha256:nothex"]]);
  assertEquals(seenDigestsFor(["U2", "U1"], seen), [d2, d1]);
  assertEquals(seenDigestsFor(["U1", "U3"], seen), undefined);
  assertEquals(seenDigestsFor(["U1", "U4"], seen), undefined);
});
