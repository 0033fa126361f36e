import { assertEquals } from "@std/assert";
import { createHash } from "node:crypto";
import { sha256HexOf } from "./sha256.ts";

Deno.test("SHA-256 test vectors (FIPS 180-4 examples)", () => {
  assertEquals(
    sha256HexOf(""),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  assertEquals(
    sha256HexOf("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assertEquals(
    sha256HexOf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
});

Deno.test("SHA-256 agrees with node:crypto on every length around block edges and on Unicode", () => {
  for (let n = 0; n < 300; n++) {
    const text = "é—𝄞x".repeat(n).slice(0, n * 2);
    assertEquals(
      sha256HexOf(text),
      createHash("sha256").update(text, "utf8").digest("hex"),
      `n=${n}`,
    );
  }
  const big = "record ".repeat(5000);
  assertEquals(sha256HexOf(big), createHash("sha256").update(big, "utf8").digest("hex"));
});
