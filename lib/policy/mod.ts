/**
 * Countersign's policy engine: glob patterns, conditions, ordered first-match rule evaluation and
 * the per-service allow-lists.
 *
 * @module
 */
export * from "./pattern.ts";
export * from "./conditions.ts";
export * from "./evaluate.ts";
export * from "./allow_lists.ts";
