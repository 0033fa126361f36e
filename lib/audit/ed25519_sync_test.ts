import { assertEquals } from "@std/assert";
import { createHash } from "node:crypto";
import { sha256Hex, SignatureBatch, signTextSync, verifyText } from "./ed25519_sync.ts";
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

Deno.test("a signature batch answers each check as verifyText does, and hashes what it staged", async () => {
  const key = await testAuditKey();
  const other = await testAuditKey();
  const texts = ["é—𝄞 one", "two", "x".repeat(70_000), "four"];
  const signatures = [
    signTextSync(key.sync, texts[0]),
    signTextSync(other.sync, texts[1]), // another key's
    signTextSync(key.sync, texts[2]), // larger than the batch's first buffer
    changed(signTextSync(key.sync, texts[3])),
  ];
  const batch = new SignatureBatch();
  const answers: [number, boolean][] = [];
  for (let round = 0; round < 2; round++) {
    for (const [i, text] of texts.entries()) {
      batch.stage(text, "before\n", "\nafter");
      assertEquals(batch.digest(), sha256Hex(`before\n${text}\nafter`));
      assertEquals(batch.add(i, key.sync, signatures[i]), true);
    }
    assertEquals(batch.add(9, key.sync, "not base64 of 64 bytes"), false);
    batch.run((tag, valid) => answers.push([tag, valid]));
  }
  const expected = texts.map((text, i) => [i, verifyText(key.sync, text, signatures[i])]);
  assertEquals(answers, [...expected, ...expected]);
  assertEquals(expected.map(([, valid]) => valid), [true, false, true, false]);
});
