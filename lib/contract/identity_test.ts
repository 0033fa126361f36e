import { assert, assertEquals, assertFalse } from "@std/assert";
import { confusableSkeleton, identityKey, sameIdentity } from "./identity.ts";
import { isRequester } from "../decision/votes.ts";

Deno.test("identityKey: NFKC, full case folding, invisibles removed, a leading @ dropped", () => {
  assertEquals(identityKey("ａｄａ"), "ada"); // full-width
  assertEquals(identityKey("  @ADA  "), "ada");
  assertEquals(identityKey("Straße"), identityKey("STRASSE"));
  assertEquals(identityKey("a\u200bd\u00ada\u200d"), "ada");
  assertEquals(identityKey("ada   lovelace"), "ada lovelace");
  assertEquals(identityKey(undefined), "");
  assertEquals(identityKey("\u200b"), "");
});

Deno.test("confusable skeletons: look-alike letters from other scripts compare equal", () => {
  assertEquals(confusableSkeleton("\u0430d\u0430"), confusableSkeleton("ada")); // Cyrillic а
  assertEquals(confusableSkeleton("b\u03bfb"), confusableSkeleton("bob")); // Greek ο
  assertEquals(confusableSkeleton("b0b"), confusableSkeleton("bob")); // digit zero
  assertEquals(confusableSkeleton("rnary"), confusableSkeleton("mary"));
  assert(confusableSkeleton("ada") !== confusableSkeleton("eve"));
});

Deno.test("sameIdentity: equal keys or skeletons; different people and empty values never match", () => {
  assert(sameIdentity("ada", "ADA"));
  assert(sameIdentity("ada\u200b", "ada"));
  assert(sameIdentity("\u0430da", "Ada"));
  assert(sameIdentity("Zoë", "zoë"));
  assert(sameIdentity("Zoe\u0308", "zoë")); // decomposed and composed ë
  assertFalse(sameIdentity("ada", "adam"));
  assertFalse(sameIdentity("alice", "bob"));
  assertFalse(sameIdentity("", ""));
  assertFalse(sameIdentity("\u200b", "\u200b"));
});

Deno.test("finding 5: ada + ZWSP or a Cyrillic а cannot approve Ada's own request", () => {
  const ada = {
    id: "U0ADA000001",
    name: "ada",
    real_name: "Ada Lovelace",
    display_name: "Ada",
    email: "ada@example.com",
  };
  for (
    const claimed of ["ada\u200b", "\u0430da", "\u0410DA", "ａｄａ", "@ada\u2060", "Ada\u00ad"]
  ) {
    assert(isRequester(claimed, ada), JSON.stringify(claimed));
  }
  assert(isRequester("ada@examp\u200ble.com", ada));
  assert(isRequester("u0ada000001", ada));
  assertFalse(isRequester("grace", ada));
  assertFalse(isRequester("\u200b", ada));
  assertFalse(isRequester("", { id: "U1" }));
});
