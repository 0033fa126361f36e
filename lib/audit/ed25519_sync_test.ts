import { assertEquals } from "@std/assert";
import { createHash } from "node:crypto";
import { sha256Hex } from "./ed25519_sync.ts";

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
