/**
 * The digest of an approval message as an approver saw it ("what you saw is what you approved",
 * `lib/decision/seen.ts`): SHA-256 of the blocks in the audit log's deterministic JSON.
 *
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { canonicalJson } from "./canonical.ts";

/** The digest of a message's blocks; undefined when there are none (nothing was seen). */
export function messageDigest(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks) || blocks.length === 0) return undefined;
  return `sha256:${bytesToHex(sha256(new TextEncoder().encode(canonicalJson(blocks))))}`;
}
