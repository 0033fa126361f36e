/**
 * Digest texts of attestations: `sha256:<hex>` as callers and deploy steps write them, the
 * in-toto DigestSet form (`{ "sha256": "<hex>" }`), and the request digest as
 * `lib/oidc/binding.ts` computes it (unpadded base64url).
 *
 * @module
 */
import { quote } from "../contract/text.ts";

/** Hex length of each digest algorithm an attestation accepts. */
export const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 };

/** A parsed `algorithm:hex` digest. */
export interface Digest {
  algorithm: string;
  /** Lowercase hex. */
  hex: string;
}

/**
 * Parses `sha256:<64 hex>` (or `sha512:<128 hex>`); hex may be upper or lower case.
 *
 * @throws {Error} `Cannot read digest …` naming what is wrong.
 */
export function parseDigest(text: string, what = "digest"): Digest {
  const match = /^([a-z0-9]+):([0-9A-Fa-f]+)$/.exec(text);
  const length = match ? DIGEST_HEX_LENGTH[match[1]] : undefined;
  if (!match || length === undefined || match[2].length !== length) {
    throw new Error(
      `Cannot read ${what} ${quote(text, 80)}: expected sha256:<64 hex digits> ` +
        "(or sha512:<128 hex digits>)",
    );
  }
  return { algorithm: match[1], hex: match[2].toLowerCase() };
}

/** `algorithm:hex` text of a digest. */
export function formatDigest(digest: Digest): string {
  return `${digest.algorithm}:${digest.hex}`;
}

/**
 * Hex of a request digest in the unpadded base64url form `requestDigest` returns (43 characters
 * for SHA-256).
 *
 * @throws {Error} `Cannot read request digest …` when it is not 32 bytes of base64url.
 */
export function requestDigestHex(base64url: string): string {
  if (!/^[A-Za-z0-9_-]{43}$/.test(base64url)) {
    throw new Error(
      `Cannot read request digest ${quote(base64url, 80)}: expected the unpadded base64url ` +
        "SHA-256 of the canonical string (43 characters)",
    );
  }
  const raw = atob(base64url.replace(/-/g, "+").replace(/_/g, "/") + "=");
  return Array.from(raw, (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
}
