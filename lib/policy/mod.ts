/**
 * Countersign's policy engine: glob patterns, conditions, ordered first-match rule evaluation and
 * the per-service allow-lists.
 *
 * @module
 */
export * from "./pattern.ts";
// Conditions are a request field (`lib/contract/conditions.ts`); re-exported for rule authors.
export * from "../contract/conditions.ts";
export * from "./evaluate.ts";
export * from "./allow_lists.ts";
export * from "./facts.ts";
export * from "./observed.ts";
export * from "./protect.ts";
export * from "./settings.ts";
