import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";

/**
 * OIDC tokens already used, so that each is accepted for one request only (docs/oidc.md). `id` is
 * the token's single-use key (SHA-256 hex of issuer and `jti`); the token itself is never stored.
 * An item only matters until the token's `expires_at` (Unix milliseconds) and may be purged after.
 */
export const OidcTokens = DefineDatastore({
  name: "oidc_tokens",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    issuer: { type: Schema.types.string },
    /** Digest of the request the token was used for. */
    request_digest: { type: Schema.types.string },
    decision_id: { type: Schema.types.string },
    used_at: { type: Schema.types.number },
    expires_at: { type: Schema.types.number },
  },
});
