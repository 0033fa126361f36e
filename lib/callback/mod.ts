/**
 * Decision callbacks: payload, Ed25519 signing and verification, outgoing-domain check and
 * delivery with bounded retries.
 *
 * @module
 */
export * from "./keys.ts";
export * from "./payload.ts";
export * from "./sign.ts";
export * from "./domain.ts";
export * from "./deliver.ts";
export * from "./body.ts";
