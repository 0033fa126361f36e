import { assertEquals } from "@std/assert";
import { decodeBase64, decodeBase64Lenient, encodeBase64 } from "./base64.ts";

Deno.test("encodeBase64 round-trips every length through decodeBase64", () => {
  for (let length = 0; length < 70; length++) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
    assertEquals(decodeBase64(encodeBase64(bytes)), bytes);
  }
});

Deno.test("decodeBase64 refuses anything but canonical padded standard base64", () => {
  assertEquals(decodeBase64("+/8="), Uint8Array.of(0xfb, 0xff));
  for (const text of ["+/8", "-_8=", " +/8=", "+/8=\n", "+/8==", "+/=8", "a"]) {
    assertEquals(decodeBase64(text), undefined, JSON.stringify(text));
  }
});

Deno.test("decodeBase64Lenient accepts url-safe and unpadded spellings but not mixtures", () => {
  const expected = Uint8Array.of(0xfb, 0xff);
  for (const text of ["+/8=", "+/8", "-_8", "-_8="]) {
    assertEquals(decodeBase64Lenient(text), expected, text);
  }
  for (const text of ["+_8=", "ab$c", "abcde", "+/8==", "+/8 ="]) {
    assertEquals(decodeBase64Lenient(text), undefined, text);
  }
});

Deno.test("decodeBase64 refuses non-zero unused trailing bits: one spelling per byte string", () => {
  // "+/8=" is 0xfb 0xff; "+/9=" decodes alike with atob, its last two bits set.
  assertEquals(decodeBase64("+/9="), undefined);
  assertEquals(decodeBase64("AA=="), Uint8Array.of(0));
  for (const last of "BCDEFGHIJKLMNOP") assertEquals(decodeBase64(`A${last}==`), undefined, last);
  assertEquals(decodeBase64("AAA="), Uint8Array.of(0, 0));
  for (const last of "BCD") assertEquals(decodeBase64(`AA${last}=`), undefined, last);
  assertEquals(decodeBase64Lenient("+/9"), undefined);
});
