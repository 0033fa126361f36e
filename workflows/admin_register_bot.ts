import { Schema } from "deno-slack-sdk/mod.ts";
import { AdminRegisterBotFunction } from "../functions/admin_register_bot/definition.ts";
import { defineAdminWorkflow, type FormField } from "./admin_workflow.ts";

const S = Schema.types.string;

/** The bot settings fields shared by the register and edit forms. */
export const BOT_SETTING_FIELDS: FormField[] = [
  { name: "display_name", title: "Display name", type: S },
  {
    name: "kind",
    title: "Kind",
    type: S,
    description: "ci, agent, script, bot … (lower-case)",
  },
  { name: "owner", title: "Owner", type: Schema.slack.types.user_id },
  {
    name: "allowed_actions",
    title: "Allowed actions",
    type: S,
    long: true,
    description: "Patterns, comma- or line-separated (* any run, ? one character)",
  },
  {
    name: "allowed_resources",
    title: "Allowed resources",
    type: S,
    long: true,
    description: "Patterns, e.g. api-*",
  },
  {
    name: "allowed_environments",
    title: "Allowed environments",
    type: S,
    description: "Patterns, e.g. staging, production",
  },
  {
    name: "approver_users",
    title: "Approvers",
    type: Schema.types.array,
    items: { type: Schema.slack.types.user_id },
  },
  // Group ids are typed as text: Slack's OpenForm has no usergroup_id field (docs/slack_rules.md).
  {
    name: "approver_usergroup",
    title: "Approver group id",
    type: S,
    description: "User group id, e.g. S0123ABCD (group profile → ⋯ → Copy group ID)",
  },
  {
    name: "escalation_usergroup",
    title: "Escalation group id",
    type: S,
    description: "Asked when a request nears its time limit (optional; not the approver group)",
  },
  {
    name: "approvals_required",
    title: "Approvals required",
    type: Schema.types.integer,
    description: "Distinct approvals needed (at most the number of approvers)",
  },
  { name: "approval_channel", title: "Approval channel", type: Schema.slack.types.channel_id },
  { name: "watcher_channel", title: "Watcher channel", type: Schema.slack.types.channel_id },
  {
    name: "callback_url",
    title: "Callback URL",
    type: S,
    description: "https URL in the app's outgoing domains",
  },
  {
    name: "approval_timeout_minutes",
    title: "Time limit (minutes)",
    type: Schema.types.integer,
    description: "Minutes approvers have before the request expires (default 60)",
  },
  {
    name: "oidc_issuer",
    title: "OIDC issuer (keyless)",
    type: S,
    description:
      "e.g. https://token.actions.githubusercontent.com (https, in the outgoing domains)",
  },
  {
    name: "oidc_claims",
    title: "OIDC claims",
    type: S,
    long: true,
    description: "claim=pattern, one per line; pin the workload, e.g. repository=acme/api",
  },
  {
    name: "oidc_audience",
    title: "OIDC audience",
    type: S,
    description: "Default: the app's audience (countersign)",
  },
  {
    name: "oidc_binding",
    title: "OIDC binding",
    type: S,
    enum: ["request", "single_use"],
    choices: [
      { value: "request", title: "request: the token's audience names the request (default)" },
      { value: "single_use", title: "single_use: fixed audience, each token once (GitLab)" },
    ],
  },
  {
    name: "break_glass",
    title: "Break-glass",
    type: S,
    enum: ["allowed", "not_allowed"],
    choices: [
      { value: "not_allowed", title: "not_allowed: break_glass is refused (default)" },
      { value: "allowed", title: "allowed: approved at once, loudly, reviewed after" },
    ],
  },
];

/** Link-trigger workflow: a form to register a bot, then a DM with the result. */
export const AdminRegisterBotWorkflow = defineAdminWorkflow({
  callback_id: "admin_register_bot",
  title: "Register a bot",
  description: "Admins: add a bot that may ask for permission",
  formTitle: "Register a bot",
  submitLabel: "Register",
  fields: [
    {
      name: "service_id",
      title: "Bot id",
      type: S,
      description: "The service_id the bot sends",
    },
    {
      name: "public_key",
      title: "Public key",
      type: S,
      long: true,
      description: "Raw base64 or PEM (deno task cli keygen prints it); blank: OIDC issuer only",
    },
    { name: "key_id", title: "Key id", type: S, description: "Default: <bot id>-1" },
    ...BOT_SETTING_FIELDS,
  ],
  required: [
    "service_id",
    "display_name",
    "owner",
    "allowed_actions",
    "allowed_resources",
    "allowed_environments",
    "approval_channel",
  ],
  fn: AdminRegisterBotFunction,
});
