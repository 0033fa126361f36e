import { assert, assertEquals, assertMatch } from "@std/assert";
import { generateKeyPair, importPrivateKey, publicKeyPem } from "../keys/ed25519.ts";
import { SIGNED_FIELDS } from "./fields.ts";
import { signedRequest, signRequest, verifySignature } from "./signature.ts";
import { validateRequest } from "./validate.ts";
import { sampleRequest, TEST_PRIVATE_KEY_PEM, TEST_PUBLIC_KEY } from "./_testing.ts";

Deno.test("a signed request verifies with the raw and the PEM public key", async () => {
  const request = await signedRequest(sampleRequest(), TEST_PRIVATE_KEY_PEM);
  assertMatch(request.signature, /^[A-Za-z0-9+/]{86}==$/);
  assert(validateRequest(request).ok);
  assertEquals(await verifySignature(request, TEST_PUBLIC_KEY), true);
  assertEquals(await verifySignature(request, publicKeyPem(TEST_PUBLIC_KEY)), true);
});

Deno.test("signing is deterministic and accepts a CryptoKey", async () => {
  const fields = sampleRequest(1_700_000_000_000);
  const fromPem = await signRequest(fields, TEST_PRIVATE_KEY_PEM);
  const fromKey = await signRequest(fields, await importPrivateKey(TEST_PRIVATE_KEY_PEM));
  assertEquals(fromKey, fromPem);
});

Deno.test("changing any signed field after signing breaks the signature", async () => {
  const request = await signedRequest(sampleRequest(), TEST_PRIVATE_KEY_PEM);
  for (const field of SIGNED_FIELDS) {
    const tampered = { ...request, [field]: request[field] === "" ? "x" : request[field] + "1" };
    assertEquals(await verifySignature(tampered, TEST_PUBLIC_KEY), false, field);
  }
  const emptied = { ...request, source_url: "" };
  assertEquals(await verifySignature(emptied, TEST_PUBLIC_KEY), false, "emptied source_url");
});

Deno.test("a flipped signature bit, another key or garbage never verifies", async () => {
  const request = await signedRequest(sampleRequest(), TEST_PRIVATE_KEY_PEM);
  const other = await generateKeyPair();
  assertEquals(await verifySignature(request, other.publicKeyRaw), false);
  const first = request.signature[0] === "A" ? "B" : "A";
  const flipped = { ...request, signature: first + request.signature.slice(1) };
  assertEquals(await verifySignature(flipped, TEST_PUBLIC_KEY), false);
  for (const signature of ["", "abc", "A".repeat(88), request.signature.slice(0, 86)]) {
    assertEquals(await verifySignature({ ...request, signature }, TEST_PUBLIC_KEY), false);
  }
  assertEquals(await verifySignature(request, "not a key"), false);
});

Deno.test("a signature differing only in unused trailing bits is refused (not malleable)", async () => {
  const request = await signedRequest(sampleRequest(), TEST_PRIVATE_KEY_PEM);
  // 64 bytes are 88 characters: the 86th carries 2 bits of the last byte and 4 unused bits.
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const last = alphabet.indexOf(request.signature[85]);
  assertEquals(last & 0b1111, 0);
  for (let unused = 1; unused < 16; unused++) {
    const signature = request.signature.slice(0, 85) + alphabet[last | unused] + "==";
    assertEquals(atob(signature), atob(request.signature), "decodes to the same bytes");
    assertEquals(await verifySignature({ ...request, signature }, TEST_PUBLIC_KEY), false);
    const checked = validateRequest({ ...request, signature });
    assertEquals(checked.ok ? "" : checked.code, "malformed_field");
  }
});
