/**
 * Pure decision logic shared by the approval and record steps: outcome derivation, decision
 * records, approver checks and vote counting.
 *
 * @module
 */
export * from "./close.ts";
export * from "./outcome.ts";
export * from "./record.ts";
export * from "./votes.ts";
