/**
 * Ed25519 keys for Countersign: strict base64, PEM, and Web Crypto import/export.
 *
 * @module
 */
export * from "./base64.ts";
export * from "./pem.ts";
export * from "./ed25519.ts";
