import { DefineDatastore, DefineType, Schema } from "deno-slack-sdk/mod.ts";

/**
 * One Ed25519 public key of a registered service. During a rotation the old and the new key are
 * both listed; `not_after` (Unix milliseconds) ends the old one's validity.
 */
export const PublicKeyType = DefineType({
  name: "public_key",
  title: "Public key",
  description: "An Ed25519 public key (raw 32 bytes, base64) with its key id",
  type: Schema.types.object,
  properties: {
    key_id: { type: Schema.types.string, description: "Key id sent by the caller as key_id" },
    public_key: { type: Schema.types.string, description: "Raw 32-byte Ed25519 key, base64" },
    not_after: {
      type: Schema.types.number,
      description: "Unix milliseconds after which the key is no longer accepted (0 = no end)",
    },
  },
  required: ["key_id", "public_key"],
});

/**
 * Registered services (bots, pipelines, scripts, agents) allowed to ask for permission.
 * The primary key `id` is the `service_id` that callers send. Times are Unix milliseconds.
 */
export const Services = DefineDatastore({
  name: "services",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    display_name: { type: Schema.types.string },
    kind: { type: Schema.types.string },
    owner: { type: Schema.slack.types.user_id },
    public_keys: { type: Schema.types.array, items: { type: PublicKeyType } },
    allowed_actions: { type: Schema.types.array, items: { type: Schema.types.string } },
    allowed_resources: { type: Schema.types.array, items: { type: Schema.types.string } },
    allowed_environments: { type: Schema.types.array, items: { type: Schema.types.string } },
    approver_users: { type: Schema.types.array, items: { type: Schema.slack.types.user_id } },
    approver_usergroup: { type: Schema.slack.types.usergroup_id },
    /** Secondary approvers: asked (and allowed to decide) when a request nears its time limit. */
    escalation_usergroup: { type: Schema.slack.types.usergroup_id },
    approvals_required: { type: Schema.types.integer },
    approval_channel: { type: Schema.slack.types.channel_id },
    watcher_channel: { type: Schema.slack.types.channel_id },
    callback_url: { type: Schema.types.string },
    approval_timeout_seconds: { type: Schema.types.integer },
    status: { type: Schema.types.string, enum: ["active", "disabled"] },
    /** Trusted OIDC issuer (docs/oidc.md), exactly as its tokens' `iss`; empty: keys only. */
    oidc_issuer: { type: Schema.types.string },
    /** Audience this service's tokens carry; empty: the app's (COUNTERSIGN_OIDC_AUDIENCE). */
    oidc_audience: { type: Schema.types.string },
    /** `claim=pattern` entries a token must all match, e.g. `repository=acme/api`. */
    oidc_claims: { type: Schema.types.array, items: { type: Schema.types.string } },
    /** `request` (default: audience bound to the request digest) or `single_use`. */
    oidc_binding: { type: Schema.types.string, enum: ["request", "single_use"] },
    /** May send `break_glass` requests (approved at once, with compensating controls). */
    break_glass: { type: Schema.types.boolean },
    created_by: { type: Schema.slack.types.user_id },
    created_at: { type: Schema.types.number },
    updated_by: { type: Schema.slack.types.user_id },
    updated_at: { type: Schema.types.number },
  },
});
