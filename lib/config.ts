/**
 * App-wide configuration shared by the manifest and the functions.
 *
 * @module
 */

/**
 * Domains the app may call (callbacks, log collectors). Slack enforces this list on hosted runs;
 * `notify_caller` checks it before any fetch, so a callback URL outside it is refused, recorded,
 * and never contacted. Add your callers' domains here before `slack deploy`.
 */
export const OUTGOING_DOMAINS: readonly string[] = ["example.com", "hooks.countersign.dev"];

/**
 * Environment variable with extra comma-separated domains allowed at run time (for example
 * `127.0.0.1` for the local platform's demo receiver). It can only add to the checked list in
 * code; on hosted Slack the manifest's list still applies.
 */
export const EXTRA_DOMAINS_ENV = "COUNTERSIGN_EXTRA_OUTGOING_DOMAINS";

/** Environment variable holding the app's Ed25519 private key (PKCS#8, base64) for callbacks. */
export const SIGNING_KEY_ENV = "COUNTERSIGN_SIGNING_KEY";

/** Accepted distance between a request's timestamp and now, in milliseconds (±5 minutes). */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Default time humans have to decide, in seconds, when the service does not say. */
export const DEFAULT_APPROVAL_TIMEOUT_SECONDS = 3600;
