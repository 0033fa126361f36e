/**
 * Parameter definitions shared by the admin functions' `definition.ts` files: the acting user
 * and the three outputs every admin function has.
 *
 * @module
 */
import { Schema } from "deno-slack-sdk/mod.ts";

/** The `actor` input: who is acting (map it to the person who started the workflow). */
export const ACTOR_PARAM = {
  actor: {
    type: Schema.slack.types.user_id,
    title: "Acting user",
    description: "The person doing this; must be a Countersign admin (use the workflow's user)",
  },
} as const;

/**
 * The `interactivity` input of the admin form functions (`admin_*_form`): the click whose
 * pointer opens the function's own modal. Slack's Workflow Builder does not offer functions with
 * an interactivity input, so each form function has a plain twin for Workflow Builder steps.
 */
export const FORM_INTERACTIVITY_PARAM = {
  interactivity: {
    type: Schema.slack.types.interactivity,
    title: "Click",
    description: "The click that opens the form (a link trigger's or a button's)",
  },
} as const;

/** Outputs of every admin function. */
export const ADMIN_OUTPUTS = {
  ok: {
    type: Schema.types.boolean,
    title: "Applied",
    description: "True when the change was applied; false when refused or invalid",
  },
  summary: {
    type: Schema.types.string,
    title: "Summary",
    description: "What happened or why not, as message text (safe to post)",
  },
  event_id: {
    type: Schema.types.string,
    title: "Admin event id",
    description: "Id of the admin_events record of this attempt",
  },
} as const;

/** The outputs every admin function always sets. */
export const ADMIN_REQUIRED_OUTPUTS: ("ok" | "summary" | "event_id")[] = [
  "ok",
  "summary",
  "event_id",
];

/** `output_parameters` of an admin function without extra outputs. */
export const ADMIN_OUTPUT_PARAMS = {
  properties: ADMIN_OUTPUTS,
  required: ADMIN_REQUIRED_OUTPUTS,
};

/** OIDC keyless identity inputs (docs/oidc.md), part of {@linkcode BOT_SETTINGS_PARAMS}. */
export const OIDC_SETTINGS_PARAMS = {
  oidc_issuer: {
    type: Schema.types.string,
    title: "OIDC issuer",
    description:
      "Trusted issuer URL, exactly as its tokens' iss (https, in the outgoing domains), e.g. https://token.actions.githubusercontent.com",
  },
  oidc_audience: {
    type: Schema.types.string,
    title: "OIDC audience",
    description: "Audience the bot's tokens carry (default: the app's, countersign)",
  },
  oidc_claims: {
    type: Schema.types.string,
    title: "OIDC claims",
    description:
      "claim=pattern entries, comma- or line-separated, pinning the workload, e.g. repository=acme/api",
  },
  oidc_binding: {
    type: Schema.types.string,
    title: "OIDC binding",
    description: "request (token audience names the request; default) or single_use",
    enum: ["request", "single_use"],
    choices: [
      { value: "request", title: "Request-bound audience", description: "GitHub Actions" },
      { value: "single_use", title: "Single use", description: "Fixed audience, e.g. GitLab" },
    ],
  },
} as const;

/** Bot settings inputs shared by register and edit (blank in an edit means unchanged). */
export const BOT_SETTINGS_PARAMS = {
  display_name: {
    type: Schema.types.string,
    title: "Display name",
    description: "Name shown to approvers, e.g. Deploy bot",
  },
  kind: {
    type: Schema.types.string,
    title: "Kind",
    description: "What the caller is: ci, agent, script, bot … (lower-case)",
  },
  owner: {
    type: Schema.slack.types.user_id,
    title: "Owner",
    description: "The human responsible for this bot",
  },
  allowed_actions: {
    type: Schema.types.string,
    title: "Allowed actions",
    description: "Patterns separated by commas or new lines (* any run, ? one character)",
  },
  allowed_resources: {
    type: Schema.types.string,
    title: "Allowed resources",
    description: "Patterns separated by commas or new lines, e.g. api-*",
  },
  allowed_environments: {
    type: Schema.types.string,
    title: "Allowed environments",
    description: "Patterns separated by commas or new lines, e.g. staging, production",
  },
  approver_users: {
    type: Schema.types.array,
    items: { type: Schema.slack.types.user_id },
    title: "Approvers",
    description: "People who may approve this bot's requests",
  },
  // Group ids are text, not usergroup_id: the admin forms feed these inputs, and Slack's OpenForm
  // rejects usergroup_id fields (docs/slack_rules.md); the functions validate format and existence.
  approver_usergroup: {
    type: Schema.types.string,
    title: "Approver group",
    description: "User group id (e.g. S0123ABCD) whose members may approve",
  },
  escalation_usergroup: {
    type: Schema.types.string,
    title: "Escalation group",
    description:
      "User group id asked (and allowed to decide) when a request nears its time limit; optional",
  },
  approvals_required: {
    type: Schema.types.integer,
    title: "Approvals required",
    description: "Distinct approvals needed (default 1; at most the number of approvers)",
  },
  approval_channel: {
    type: Schema.slack.types.channel_id,
    title: "Approval channel",
    description: "Where approval requests are posted",
  },
  watcher_channel: {
    type: Schema.slack.types.channel_id,
    title: "Watcher channel",
    description: "Where outcomes are announced (optional)",
  },
  callback_url: {
    type: Schema.types.string,
    title: "Callback URL",
    description: "https URL that receives the signed decision (must be in the outgoing domains)",
  },
  approval_timeout_minutes: {
    type: Schema.types.integer,
    title: "Approval time limit (minutes)",
    description: "Minutes approvers have before the request expires (default 60)",
  },
  ...OIDC_SETTINGS_PARAMS,
  break_glass: {
    type: Schema.types.string,
    title: "Break-glass",
    description:
      "allowed: the bot may send break_glass (approved at once, loudly, reviewed after); default not_allowed",
    enum: ["allowed", "not_allowed"],
    choices: [
      { value: "allowed", title: "Allowed", description: "Emergency approval, reviewed after" },
      {
        value: "not_allowed",
        title: "Not allowed",
        description: "Refused as break_glass_not_allowed",
      },
    ],
  },
} as const;
