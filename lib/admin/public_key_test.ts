import { assertEquals, assertStringIncludes } from "@std/assert";
import { readPublicKey } from "./public_key.ts";
import { generateKeyPair } from "../keys/ed25519.ts";
import { decodePem } from "../keys/pem.ts";
import { encodeBase64 } from "../keys/base64.ts";

const pair = await generateKeyPair();

Deno.test("public keys in raw base64, base64url and PEM normalise to raw base64", async () => {
  const url = pair.publicKeyRaw.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  for (const text of [pair.publicKeyRaw, `  ${pair.publicKeyPem}\n`, url]) {
    assertEquals(await readPublicKey(text), { ok: true, raw: pair.publicKeyRaw });
  }
});

Deno.test("private keys are refused in every shape, without echoing them", async () => {
  const der = encodeBase64(decodePem(pair.privateKeyPem, "PRIVATE KEY"));
  for (const text of [pair.privateKeyPem, der, '{"kty":"OKP","d":"x","x":"y"}']) {
    const result = await readPublicKey(text);
    assertEquals(result.ok, false);
    if (!result.ok) {
      assertStringIncludes(result.error, "PRIVATE key");
      assertEquals(result.error.includes(der.slice(20, 40)), false);
    }
  }
});

Deno.test("bad encodings get a message naming the problem", async () => {
  const check = async (text: string, message: string) => {
    const result = await readPublicKey(text);
    assertStringIncludes(result.ok ? "accepted" : result.error, message);
  };
  await check("", "empty");
  await check("@@@", "expected raw 32-byte base64");
  await check("AAAA", "got 3 bytes");
  await check("-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----", "not valid base64");
  await check('{"kty":"OKP","x":"y"}', "JSON key is not accepted");
});
