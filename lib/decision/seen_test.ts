import { assertEquals } from "@std/assert";
import { isMessageDigest, seenDigestsFor } from "./seen.ts";

Deno.test("seen digests pair with the deciders only when every decider has one", () => {
  const d1 = `sha256:${"1".repeat(64)}`;
  const d2 = `sha256:${"2".repeat(64)}`;
  assertEquals([isMessageDigest(d1), isMessageDigest("sha256:nothex")], [true, false]);
  const seen = new Map([["U1", d1], ["U2", d2], ["U3", "sha256:nothex"]]);
  assertEquals(seenDigestsFor(["U2", "U1"], seen), [d2, d1]);
  assertEquals(seenDigestsFor(["U1", "U3"], seen), undefined);
  assertEquals(seenDigestsFor(["U1", "U4"], seen), undefined);
});
