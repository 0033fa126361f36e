/**
 * DSSE envelopes (Dead Simple Signing Envelope, v1) signed with the app's Ed25519 key.
 *
 * The signature covers the PAE (pre-authentication encoding) of the payload type and the payload
 * bytes, from `@sigstore/core` (`DSSEv1 <len(type)> <type> <len(body)> <body>`). The key id is not
 * signed (the DSSE spec says so): verification only uses it to pick the signature, and then checks
 * it against the key the verifier was given, so a relabelled signature is refused too.
 *
 * Base64 is read strictly (standard alphabet, canonical padding, nothing after it): every change
 * to the text of `payload` or `sig` changes the bytes it stands for, so it cannot verify.
 *
 * @module
 */
import { dsse } from "@sigstore/core";
import { Buffer } from "node:buffer";
import { toBase64 } from "../callback/keys.ts";
import { quote } from "../contract/text.ts";

/** The payload type of an in-toto Statement in a DSSE envelope. */
export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

/** One signature of an envelope. */
export interface DsseSignature {
  keyid: string;
  /** Standard base64 of the raw signature (64 bytes for Ed25519). */
  sig: string;
}

/** A DSSE envelope (JSON form). */
export interface DsseEnvelope {
  payloadType: string;
  /** Standard base64 of the payload bytes. */
  payload: string;
  signatures: DsseSignature[];
}

/** The bytes signed for `payload` of `payloadType`: DSSE v1 PAE. */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(dsse.preAuthEncoding(payloadType, Buffer.from(payload)));
}

/** Signs `payload` with an Ed25519 private key into an envelope with one signature. */
export async function signEnvelope(
  privateKey: CryptoKey,
  keyid: string,
  payloadType: string,
  payload: Uint8Array,
): Promise<DsseEnvelope> {
  const sig = await crypto.subtle.sign(
    "Ed25519",
    privateKey,
    preAuthEncoding(payloadType, payload),
  );
  return {
    payloadType,
    payload: toBase64(payload),
    signatures: [{ keyid, sig: toBase64(new Uint8Array(sig)) }],
  };
}

/**
 * Bytes of strict standard base64: only `A–Z a–z 0–9 + /`, padding to a multiple of 4, and the
 * text must be the canonical encoding of its bytes (no stray bits in the last character).
 * Undefined for anything else.
 */
export function strictBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  let raw: string;
  try {
    raw = atob(text);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return toBase64(bytes) === text ? bytes : undefined;
}

/** Result of {@linkcode openEnvelope}: the payload, or why the envelope is refused. */
export type OpenedEnvelope =
  | { ok: true; payloadType: string; payload: Uint8Array<ArrayBuffer> }
  | { ok: false; reason: string };

/**
 * Reads an envelope's JSON text and checks the signature made with `keyid` against `publicKey`.
 * Every failure says why, in words a deploy log can show.
 */
export async function openEnvelope(
  text: string,
  publicKey: CryptoKey,
  keyid: string,
): Promise<OpenedEnvelope> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: "the file is not JSON (expected a DSSE envelope)" };
  }
  const env = parsed as Partial<DsseEnvelope>;
  if (typeof env !== "object" || env === null || Array.isArray(env)) {
    return { ok: false, reason: "the file is not a DSSE envelope (not a JSON object)" };
  }
  if (typeof env.payloadType !== "string") {
    return { ok: false, reason: "the envelope has no payloadType" };
  }
  if (typeof env.payload !== "string") return { ok: false, reason: "the envelope has no payload" };
  if (!Array.isArray(env.signatures) || env.signatures.length === 0) {
    return { ok: false, reason: "the envelope has no signatures" };
  }
  const payload = strictBase64(env.payload);
  if (!payload) return { ok: false, reason: "the envelope's payload is not standard base64" };
  const mine = env.signatures.filter((s) =>
    typeof s === "object" && s !== null && (s as DsseSignature).keyid === keyid
  ) as Partial<DsseSignature>[];
  if (mine.length === 0) {
    // Unverified text: quoted, shortened, and at most a few of them.
    const ids = env.signatures.slice(0, 5).map((s) => {
      const id = (s as DsseSignature)?.keyid;
      return typeof id === "string" ? quote(id, 40) : "(none)";
    });
    if (env.signatures.length > 5) ids.push(`… ${env.signatures.length - 5} more`);
    return {
      ok: false,
      reason: `no signature by key id "${keyid}" (the envelope is signed by key id ${
        ids.join(", ")
      }): wrong public key, or not an attestation of this app`,
    };
  }
  const message = preAuthEncoding(env.payloadType, payload);
  for (const signature of mine) {
    const sig = typeof signature.sig === "string" ? strictBase64(signature.sig) : undefined;
    if (sig && sig.length === 64) {
      if (await crypto.subtle.verify("Ed25519", publicKey, sig, message)) {
        return { ok: true, payloadType: env.payloadType, payload };
      }
    }
  }
  return {
    ok: false,
    reason: `the signature by key id "${keyid}" does not verify: ` +
      "the payload, its type or the signature was changed after signing",
  };
}
