import { assertEquals } from "@std/assert";
import { codePointLength, findForbiddenCharacter, quote, utf8Length } from "./text.ts";

Deno.test("findForbiddenCharacter reports the first bad character by code point position", () => {
  assertEquals(findForbiddenCharacter("plain text, ünïcödé, 🚀 and 中文"), undefined);
  assertEquals(findForbiddenCharacter("🚀🚀\u0000"), {
    position: 2,
    codePoint: "U+0000",
    kind: "control character",
  });
  assertEquals(findForbiddenCharacter("a\ud83d")?.kind, "lone surrogate (invalid UTF-8)");
  assertEquals(findForbiddenCharacter("\ude80a")?.position, 0);
  assertEquals(findForbiddenCharacter("x\u202ey")?.codePoint, "U+202E");
  assertEquals(findForbiddenCharacter("x\u0085")?.kind, "C1 control character");
});

Deno.test("lengths count code points or UTF-8 bytes", () => {
  assertEquals(codePointLength("a🚀é"), 3);
  assertEquals(utf8Length("a🚀é"), 7);
});

Deno.test("quote truncates long values and escapes what could break a message", () => {
  assertEquals(quote("short"), '"short"');
  assertEquals(quote("🚀".repeat(5), 3), '"🚀🚀🚀…"');
  assertEquals(quote('a"b\n\u0000'), '"a\\"b\\n\\u0000"');
  assertEquals(quote("\ud800"), '"\\ud800"');
});
