/**
 * Tamper-evident audit records: the canonical encoding the app signs when it writes a decision
 * or admin event, the export file format (hash chain, sealed trailer) and its verification.
 *
 * The app's functions import `canonical.ts` and `seal.ts` only (Web Crypto); the CLI also uses
 * the synchronous `node:crypto` helpers for speed.
 *
 * @module
 */
export * from "./canonical.ts";
export * from "./seal.ts";
export * from "./ed25519_sync.ts";
export * from "./export_format.ts";
export * from "./verify.ts";
export * from "./verify_line.ts";
export * from "./record_state.ts";
export * from "./line_form.ts";
export * from "./lines.ts";
export * from "./csv.ts";
