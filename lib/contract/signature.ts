/**
 * Ed25519 signatures over the canonical string (UTF-8), encoded as standard base64.
 *
 * @module
 */
import { decodeBase64, encodeBase64 } from "../keys/base64.ts";
import { ED25519_SIGNATURE_BYTES, importPrivateKey, importPublicKey } from "../keys/ed25519.ts";
import { canonicalString } from "./canonical.ts";
import type { ContractRequest, UnsignedRequest } from "./fields.ts";

/**
 * Signs a request: returns the base64 signature of its canonical string.
 *
 * @param privateKey a signing `CryptoKey`, or any private key text
 *   {@linkcode importPrivateKey} accepts (PKCS#8 PEM, PKCS#8 base64, raw seed base64).
 */
export async function signRequest(
  request: UnsignedRequest,
  privateKey: CryptoKey | string,
): Promise<string> {
  const key = typeof privateKey === "string" ? await importPrivateKey(privateKey) : privateKey;
  const data = new TextEncoder().encode(canonicalString(request));
  const signature = await crypto.subtle.sign("Ed25519", key, data);
  return encodeBase64(new Uint8Array(signature));
}

/** Returns the request with its `signature` field filled in. */
export async function signedRequest(
  request: UnsignedRequest,
  privateKey: CryptoKey | string,
): Promise<ContractRequest> {
  return { ...request, signature: await signRequest(request, privateKey) };
}

/**
 * Verifies a request's signature against a public key. Any malformed signature or key simply
 * fails verification: this never throws on caller input.
 *
 * @param publicKey a verify `CryptoKey`, or public key text (raw base64/base64url or SPKI PEM).
 */
export async function verifySignature(
  request: ContractRequest,
  publicKey: CryptoKey | string,
): Promise<boolean> {
  const signature = decodeBase64(request.signature ?? "");
  if (!signature || signature.length !== ED25519_SIGNATURE_BYTES) return false;
  try {
    const key = typeof publicKey === "string" ? (await importPublicKey(publicKey)).key : publicKey;
    const data = new TextEncoder().encode(canonicalString(request));
    return await crypto.subtle.verify("Ed25519", key, signature, data);
  } catch {
    return false;
  }
}
