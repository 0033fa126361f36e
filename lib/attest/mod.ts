/**
 * Approval attestations: a final decision as an in-toto Statement (v1) in a DSSE envelope signed
 * with the app's Ed25519 key, and its offline verification (see `docs/attestations.md`). Pure
 * logic: reading records and files is the CLI's job (`cli/attest.ts`).
 *
 * @module
 */
export * from "./digest.ts";
export * from "./dsse.ts";
export * from "./request.ts";
export * from "./statement.ts";
export * from "./verify.ts";
