/**
 * App-wide configuration shared by the manifest and the functions.
 *
 * @module
 */

/**
 * Hosts the app may call (callbacks, log collectors, OIDC issuers), becoming the manifest's
 * `outgoingDomains`. Each entry is an exact host: hosted Slack allows exactly these hosts, so a
 * subdomain needs its own entry (a callback to `https://hooks.example.com/…` needs
 * `hooks.example.com`, not `example.com`). At most 10 (Slack's limit). `notify_caller` and admin
 * validation check a callback URL against this list before any fetch, so a URL outside it is
 * refused, recorded, and never contacted. Add your callers' hosts here before `slack deploy`.
 */
export const OUTGOING_DOMAINS: readonly string[] = [
  "hooks.example.com",
  "hooks.countersign.dev",
  // OIDC issuers (discovery and JWKS, docs/oidc.md): GitHub Actions and GitLab.com.
  "token.actions.githubusercontent.com",
  "gitlab.com",
];

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

/**
 * Environment variable with the audience OIDC tokens must be issued for (GitHub:
 * `core.getIDToken(audience)`, GitLab: `id_tokens: …: aud:`). A service may override it with its
 * `oidc_audience`. Pick one per workspace so a token minted for another installation is refused.
 */
export const OIDC_AUDIENCE_ENV = "COUNTERSIGN_OIDC_AUDIENCE";

/** Audience used when neither the service nor {@linkcode OIDC_AUDIENCE_ENV} names one. */
export const DEFAULT_OIDC_AUDIENCE = "countersign";

/** Accepted clock difference, in seconds, for an OIDC token's `exp`, `nbf` and `iat`. */
export const OIDC_CLOCK_SKEW_SECONDS = 60;

/**
 * Oldest accepted OIDC token, in seconds since its `iat`. CI tokens can live as long as the job
 * (GitLab); a short bound limits what a captured, still unused token is good for.
 */
export const OIDC_MAX_TOKEN_AGE_SECONDS = 15 * 60;

/**
 * Environment variable naming the environments (glob patterns, comma-separated) where a rule
 * resting on the caller's asserted conditions never auto-approves. Unset: `production`;
 * `none`: no environment is protected.
 */
export const PROTECTED_ENVIRONMENTS_ENV = "COUNTERSIGN_PROTECTED_ENVIRONMENTS";

/** Environment variable with the IANA time zone of `time.*` facts (default `UTC`). */
export const TIME_ZONE_ENV = "COUNTERSIGN_TIME_ZONE";

/**
 * Environment variable declaring change freezes: `name=START/END` entries separated by `;`, the
 * instants ISO 8601 with an offset (docs/trust_model.md).
 */
export const FREEZE_WINDOWS_ENV = "COUNTERSIGN_FREEZE_WINDOWS";

/** Environment variable: hours humans have to acknowledge a break-glass review (default 24). */
export const BREAK_GLASS_REVIEW_HOURS_ENV = "COUNTERSIGN_BREAK_GLASS_REVIEW_HOURS";

/** Hours to acknowledge a break-glass review when the setting is missing or unusable. */
export const DEFAULT_BREAK_GLASS_REVIEW_HOURS = 24;

/**
 * Environment variable: the security channel (id) told loudly of every break-glass use and of
 * every overdue review; without it the notice goes to the bot's watcher and approval channels.
 */
export const SECURITY_CHANNEL_ENV = "COUNTERSIGN_SECURITY_CHANNEL";
