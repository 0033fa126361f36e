import { assertEquals, assertNotEquals, assertRejects, assertThrows } from "@std/assert";
import { encodeBase64 } from "./base64.ts";
import {
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  normalizePublicKey,
  privateKeyPemFromSeed,
  publicKeyOfPrivateKey,
  publicKeyPem,
} from "./ed25519.ts";

function hex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

// RFC 8032 §7.1, TEST 1: an independent check that Web Crypto does plain Ed25519.
const RFC_SEED = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
const RFC_PUBLIC = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
const RFC_SIGNATURE_OF_EMPTY = hex(
  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
);

Deno.test("a key built from the RFC 8032 seed signs exactly as the RFC says", async () => {
  const pem = privateKeyPemFromSeed(RFC_SEED);
  const key = await importPrivateKey(pem);
  const signature = new Uint8Array(await crypto.subtle.sign("Ed25519", key, new Uint8Array()));
  assertEquals(signature, RFC_SIGNATURE_OF_EMPTY);
  assertEquals(await publicKeyOfPrivateKey(pem), encodeBase64(RFC_PUBLIC));
});

Deno.test("importPrivateKey accepts PKCS#8 PEM, PKCS#8 base64 and a raw seed alike", async () => {
  const pem = privateKeyPemFromSeed(RFC_SEED);
  const pkcs8Base64 = pem.split("\n").filter((line) => !line.startsWith("-----")).join("");
  const expected = encodeBase64(RFC_PUBLIC);
  for (const text of [pem, pem.replaceAll("\n", "\r\n"), pkcs8Base64, encodeBase64(RFC_SEED)]) {
    assertEquals(await publicKeyOfPrivateKey(text), expected);
  }
});

Deno.test("importPrivateKey errors never contain the key material", async () => {
  const secret = encodeBase64(RFC_SEED).slice(0, 20);
  const err = await assertRejects(() => importPrivateKey(secret + "AAAA"), Error);
  assertEquals(err.message.includes(secret), false);
  await assertRejects(() => importPrivateKey("not a key"), Error, "Cannot read private key");
  await assertRejects(
    () => importPrivateKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
    Error,
    "Cannot read private key",
  );
});

Deno.test("normalizePublicKey maps raw, base64url, SPKI DER and PEM to the same raw base64", () => {
  const raw = encodeBase64(RFC_PUBLIC);
  const pem = publicKeyPem(raw);
  const spkiDer = pem.split("\n").filter((line) => !line.startsWith("-----")).join("");
  const url = raw.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  const pasted = "  " + pem.replaceAll("\n", "\r\n    ") + "\n";
  for (const text of [raw, ` ${raw}\n`, url, spkiDer, pem, pasted]) {
    assertEquals(normalizePublicKey(text), raw, text);
  }
});

Deno.test("normalizePublicKey rejects wrong sizes, private keys and non-keys", () => {
  assertThrows(() => normalizePublicKey(encodeBase64(new Uint8Array(31))), Error, "31 bytes");
  assertThrows(() => normalizePublicKey(encodeBase64(new Uint8Array(33))), Error, "33 bytes");
  assertThrows(
    () => normalizePublicKey(privateKeyPemFromSeed(RFC_SEED)),
    Error,
    "this is a private key",
  );
  assertThrows(() => normalizePublicKey("hello world"), Error, "Cannot read public key");
  assertThrows(() => normalizePublicKey(""), Error, "Cannot read public key");
  assertThrows(
    () => normalizePublicKey("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----"),
    Error,
    "not valid base64",
  );
  // An RSA/EC SPKI of 44 bytes with a different algorithm id is not an Ed25519 key.
  const otherSpki = hex("302a300506032b6571032100").length + 32;
  assertEquals(otherSpki, 44);
  const x448Prefix = hex("302a300506032b656f032100");
  const bytes = new Uint8Array(44);
  bytes.set(x448Prefix);
  assertThrows(() => normalizePublicKey(encodeBase64(bytes)), Error, "not an Ed25519 key");
});

Deno.test("generateKeyPair yields a working pair in the documented formats", async () => {
  const pair = await generateKeyPair();
  assertEquals(normalizePublicKey(pair.publicKeyPem), pair.publicKeyRaw);
  assertEquals(await publicKeyOfPrivateKey(pair.privateKeyPem), pair.publicKeyRaw);
  const message = new TextEncoder().encode("countersign");
  const signature = await crypto.subtle.sign(
    "Ed25519",
    await importPrivateKey(pair.privateKeyPem),
    message,
  );
  const { key } = await importPublicKey(pair.publicKeyPem);
  assertEquals(await crypto.subtle.verify("Ed25519", key, signature, message), true);
  assertNotEquals((await generateKeyPair()).publicKeyRaw, pair.publicKeyRaw);
});
