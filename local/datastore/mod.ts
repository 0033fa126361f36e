/**
 * Slack datastore semantics for the local platform, independent of HTTP: query expressions,
 * item validation, TTL expiry and paged queries.
 *
 * @module
 */
export * from "./expression.ts";
export * from "./evaluate.ts";
export * from "./items.ts";
export * from "./query.ts";
