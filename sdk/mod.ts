/**
 * Countersign caller SDK: sign a request, send it to the webhook trigger, wait for the decision
 * through a decision relay, and verify decision callbacks. Web-standard APIs only (`fetch`, Web
 * Crypto), so it runs on Deno and on Node. docs/sdk.md shows the whole flow: sign, send, wait,
 * act on `isApproved(result.outcome)`.
 *
 * @module
 */
export * from "./request.ts";
export * from "./decision.ts";
export { type CallbackPayload, verifyCallback } from "../lib/callback/mod.ts";
export { type ServiceIdentity, signRead } from "./relay_auth.ts";
