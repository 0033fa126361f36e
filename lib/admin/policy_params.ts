/**
 * Parameter definitions of the policy admin functions (add and edit share the rule settings).
 *
 * @module
 */
import { Schema } from "deno-slack-sdk/mod.ts";

/** The settings of a rule. Blank in an edit means unchanged. */
export const POLICY_SETTINGS_PARAMS = {
  name: { type: Schema.types.string, title: "Name", description: "Short name of the rule" },
  description: {
    type: Schema.types.string,
    title: "Description",
    description: "Why the rule exists (optional)",
  },
  service_pattern: {
    type: Schema.types.string,
    title: "Bot pattern",
    description: "Which bot ids it matches (* any run, ? one character; default *)",
  },
  action_pattern: {
    type: Schema.types.string,
    title: "Action pattern",
    description: "Which actions it matches (default *)",
  },
  resource_pattern: {
    type: Schema.types.string,
    title: "Resource pattern",
    description: "Which resources it matches (default *)",
  },
  environment_pattern: {
    type: Schema.types.string,
    title: "Environment pattern",
    description: "Which environments it matches (default *)",
  },
  conditions: {
    type: Schema.types.string,
    title: "Conditions",
    description:
      "key=value pairs joined by &: the caller's (ci_status=passed) or verified facts (oidc.ref=refs/heads/main, time.weekday=mon-fri, time.hours=09:00-17:00, freeze.active=false)",
  },
  effect: {
    type: Schema.types.string,
    title: "Effect",
    description: "What a match decides",
    enum: ["auto_approve", "require_approval", "deny"],
    choices: [
      { value: "auto_approve", title: "Auto-approve", description: "No human needed" },
      { value: "require_approval", title: "Require approval", description: "Ask approvers" },
      { value: "deny", title: "Deny", description: "Refuse without asking" },
    ],
  },
  approvals_required: {
    type: Schema.types.integer,
    title: "Approvals required",
    description:
      "For require approval: distinct approvals needed; raises the bot's own minimum, never lowers it (default: the bot's setting)",
  },
  approver_groups: {
    type: Schema.types.string,
    title: "Approver groups",
    description:
      "For require approval: this rule's approver user groups instead of the bot's, each with its count, e.g. S0123SRE:1, S0456SEC:1 (none removes them)",
  },
  groups_required: {
    type: Schema.types.integer,
    title: "Groups that must sign off",
    description: "How many of the approver groups must each give their count (default: all)",
  },
  approval_channel: {
    type: Schema.types.string,
    title: "Approval channel",
    description: "Channel id for this rule's requests instead of the bot's (none removes it)",
  },
  position: {
    type: Schema.types.integer,
    title: "Place in order",
    description: "1 = checked first; rules are renumbered 10, 20, 30 … (default: last)",
  },
  state: {
    type: Schema.types.string,
    title: "On or off",
    description: "enabled or disabled (disabled rules are skipped; default enabled)",
    enum: ["enabled", "disabled"],
    choices: [
      { value: "enabled", title: "Enabled", description: "The rule is checked" },
      { value: "disabled", title: "Disabled", description: "The rule is skipped" },
    ],
  },
} as const;
