/**
 * The shape of a `services` item as the admin logic builds it, and what building one returns.
 * Its own file so that `bot.ts` and `oidc.ts`, which both build items, import it without
 * importing each other. The attribute names follow `datastores/services.ts`
 * (`functions/_shared/items_test.ts` checks that they agree).
 *
 * @module
 */

/** A `services` item (see `datastores/services.ts`). */
export interface ServiceItem {
  id: string;
  display_name?: string;
  kind?: string;
  owner?: string;
  public_keys?: { key_id: string; public_key: string; not_after?: number }[];
  allowed_actions?: string[];
  allowed_resources?: string[];
  allowed_environments?: string[];
  approver_users?: string[];
  approver_usergroup?: string;
  escalation_usergroup?: string;
  approvals_required?: number;
  approval_channel?: string;
  watcher_channel?: string;
  callback_url?: string;
  approval_timeout_seconds?: number;
  oidc_issuer?: string;
  oidc_audience?: string;
  oidc_claims?: string[];
  oidc_binding?: "request" | "single_use";
  status?: "active" | "disabled";
  break_glass?: boolean; // may send `break_glass` requests (docs/trust_model.md)
  created_by?: string;
  created_at?: number;
  updated_by?: string;
  updated_at?: number;
}

/** Result of building or changing an item. */
export type Built = { ok: true; item: ServiceItem } | { ok: false; error: string };

/** Extra run-time outgoing domains (the env variable), for the callback URL check. */
export interface SettingsContext {
  extraDomains: readonly string[];
}
