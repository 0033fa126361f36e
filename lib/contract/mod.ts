/**
 * The Countersign request contract: fields and limits, validation, the `countersign-v1`
 * canonical string, Ed25519 signing/verification, the time window and reason codes.
 * See `docs/request_contract.md`.
 *
 * @module
 */
export * from "./reason_codes.ts";
export * from "./fields.ts";
export * from "./text.ts";
export * from "./conditions.ts";
export * from "./validate.ts";
export * from "./canonical.ts";
export * from "./signature.ts";
export * from "./timestamp.ts";
export { importPublicKey, normalizePublicKey } from "../keys/ed25519.ts";
