import { hash } from "node:crypto";
import { assertEquals } from "@std/assert";
import { createHash } from "node:crypto";
import { sha256Hex, signTextSync, verifyText } from "./ed25519_sync.ts";
import { testAuditKey } from "./_testing.ts";

Deno.test("SHA-256 test vectors (FIPS 180-4 examples)", () => {
  assertEquals(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assertEquals(
    sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assertEquals(
    sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
});

Deno.test("SHA-256 hashes the UTF-8 of any text, lone surrogates as U+FFFD", () => {
  for (const text of ["é—𝄞x".repeat(40), "\ud800x", "record ".repeat(5000)]) {
    const utf8 = new TextEncoder().encode(text);
    assertEquals(sha256Hex(text), createHash("sha256").update(utf8).digest("hex"));
  }
});

/** The signature with its first byte changed. */
function changed(signature: string): string {
  return (signature[0] === "A" ? "B" : "A") + signature.slice(1);
}

Deno.test("verifyText accepts exactly the signer's canonical signature of the text", async () => {
  const key = await testAuditKey();
  const other = await testAuditKey();
  const texts = ["é—𝄞 one", "two", "x".repeat(70_000), "four"];
  const signatures = [
    signTextSync(key.sync, texts[0]),
    signTextSync(other.sync, texts[1]), // another key's
    signTextSync(key.sync, texts[2]), // larger than the first scratch buffer
    changed(signTextSync(key.sync, texts[3])),
  ];
  const valid = texts.map((text, i) => verifyText(key.sync, text, signatures[i]));
  assertEquals(valid, [true, false, true, false]);
  // The same bytes spelled with non-zero unused bits (the 86th character's low 4 bits).
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const last = alphabet.indexOf(signatures[0][85]);
  const malleable = signatures[0].slice(0, 85) + alphabet[last | 1] + "==";
  assertEquals(verifyText(key.sync, texts[0], malleable), false);
  assertEquals(verifyText(key.sync, texts[0], "not base64 of 64 bytes"), false);
});

Deno.test("sha256Hex is SHA-256 of the UTF-8 text at every length, its buffer growing", () => {
  for (const text of ["", "abc", "é—𝄞", "x".repeat(70_000), "y".repeat(200_000), "z"]) {
    assertEquals(sha256Hex(text), hash("sha256", text, "hex"), `${text.length} characters`);
  }
});
