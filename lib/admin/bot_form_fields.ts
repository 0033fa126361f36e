/**
 * The fields of the bot form (register and edit), in display order, with Slack's limits kept:
 * label and hint ≤ 2000 characters, a text input's `max_length` ≤ 3000.
 *
 * @module
 */
import { MAX_APPROVALS, MAX_TIMEOUT_MINUTES } from "./fields.ts";

/** The action id of every element of the form (the block id names the field). */
export const FORM_ACTION_ID = "value";

/** Which form: a new bot, or the settings of an existing one. */
export type BotFormMode = "register" | "edit";

type Kind = "text" | "long" | "user" | "users" | "channel" | "number" | "choice";

/** One field of the bot form. */
export interface FieldSpec {
  name: string;
  label: string;
  kind: Kind;
  hint?: string;
  /** Required on registration (Slack refuses an empty required field itself). */
  required?: boolean;
  max?: number;
  min?: number;
  options?: { value: string; text: string }[];
  /** Only on the register form (the key is rotated, not edited). */
  registerOnly?: boolean;
}

/** The form's fields in display order (Slack's limits: label ≤ 2000, hint ≤ 2000). */
export const BOT_FORM_FIELDS: readonly FieldSpec[] = [
  {
    name: "service_id",
    label: "Bot id",
    kind: "text",
    hint: "The service_id the bot sends: letters, digits, . _ : - (at most 64)",
    required: true,
    max: 64,
    registerOnly: true,
  },
  {
    name: "public_key",
    label: "Public key",
    kind: "long",
    hint: "Ed25519 public key, raw base64 or PEM (deno task cli keygen prints it). " +
      "Leave blank for a keyless bot with an OIDC issuer below.",
    max: 3000,
    registerOnly: true,
  },
  {
    name: "key_id",
    label: "Key id",
    kind: "text",
    hint: "The key_id the bot sends (default: <bot id>-1)",
    max: 64,
    registerOnly: true,
  },
  { name: "display_name", label: "Display name", kind: "text", required: true, max: 80 },
  {
    name: "kind",
    label: "Kind",
    kind: "text",
    hint: "ci, agent, script, bot … (lower-case)",
    max: 32,
  },
  { name: "owner", label: "Owner", kind: "user", required: true },
  {
    name: "allowed_actions",
    label: "Allowed actions",
    kind: "long",
    hint: "Patterns, comma- or line-separated (* any run, ? one character)",
    required: true,
  },
  {
    name: "allowed_resources",
    label: "Allowed resources",
    kind: "long",
    hint: "Patterns, e.g. api-*",
    required: true,
  },
  {
    name: "allowed_environments",
    label: "Allowed environments",
    kind: "long",
    hint: "Patterns, e.g. staging, production",
    required: true,
  },
  { name: "approver_users", label: "Approvers", kind: "users" },
  {
    name: "approver_usergroup",
    label: "Approver group id",
    kind: "text",
    hint: "User group id, e.g. S0123ABCD (group profile → ⋯ → Copy group ID)",
    max: 32,
  },
  {
    name: "escalation_usergroup",
    label: "Escalation group id",
    kind: "text",
    hint: "Asked when a request nears its time limit (not the approver group)",
    max: 32,
  },
  {
    name: "approvals_required",
    label: "Approvals required",
    kind: "number",
    hint: "Distinct approvals needed (default 1; at most the number of approvers)",
    min: 1,
    max: MAX_APPROVALS,
  },
  { name: "approval_channel", label: "Approval channel", kind: "channel", required: true },
  { name: "watcher_channel", label: "Watcher channel", kind: "channel" },
  {
    name: "callback_url",
    label: "Callback URL",
    kind: "text",
    hint: "https URL in the app's outgoing domains",
    max: 2000,
  },
  {
    name: "approval_timeout_minutes",
    label: "Time limit (minutes)",
    kind: "number",
    hint: "Minutes approvers have before the request expires (default 60)",
    min: 1,
    max: MAX_TIMEOUT_MINUTES,
  },
  {
    name: "oidc_issuer",
    label: "OIDC issuer (keyless)",
    kind: "text",
    hint: "e.g. https://token.actions.githubusercontent.com (https, in the outgoing domains)",
    max: 2000,
  },
  {
    name: "oidc_claims",
    label: "OIDC claims",
    kind: "long",
    hint: "claim=pattern, one per line; pin the workload, e.g. repository=acme/api",
  },
  {
    name: "oidc_audience",
    label: "OIDC audience",
    kind: "text",
    hint: "Default: the app's audience (countersign)",
    max: 200,
  },
  {
    name: "oidc_binding",
    label: "OIDC binding",
    kind: "choice",
    options: [
      { value: "request", text: "request: the token's audience names the request" },
      { value: "single_use", text: "single_use: fixed audience, each token once" },
    ],
  },
  {
    name: "break_glass",
    label: "Break-glass",
    kind: "choice",
    options: [
      { value: "not_allowed", text: "not_allowed: break_glass is refused" },
      { value: "allowed", text: "allowed: approved at once, loudly, reviewed" },
    ],
  },
];
