import { Schema } from "deno-slack-sdk/mod.ts";
import type { FormField } from "./admin_workflow.ts";

const S = Schema.types.string;

/** The rule fields shared by the add and edit policy forms. */
export const POLICY_FIELDS: FormField[] = [
  { name: "name", title: "Name", type: S },
  { name: "description", title: "Description", type: S, long: true },
  { name: "service_pattern", title: "Bot pattern", type: S, description: "Default *" },
  { name: "action_pattern", title: "Action pattern", type: S, description: "Default *" },
  { name: "resource_pattern", title: "Resource pattern", type: S, description: "Default *" },
  { name: "environment_pattern", title: "Environment pattern", type: S, description: "Default *" },
  {
    name: "conditions",
    title: "Conditions",
    type: S,
    description: "e.g. ci_status=passed (asserted) or oidc.ref=refs/heads/main (verified)",
  },
  {
    name: "effect",
    title: "Effect",
    type: S,
    enum: ["auto_approve", "require_approval", "deny"],
    choices: [
      { value: "auto_approve", title: "Auto-approve" },
      { value: "require_approval", title: "Require approval" },
      { value: "deny", title: "Deny" },
    ],
  },
  { name: "approvals_required", title: "Approvals required", type: Schema.types.integer },
  {
    name: "approver_groups",
    title: "Approver groups",
    type: S,
    description:
      "Group ids with counts, e.g. S0123SRE:1, S0456SEC:1 (default: the bot's approvers)",
  },
  {
    name: "groups_required",
    title: "Groups that must sign off",
    type: Schema.types.integer,
    description: "Default: all of them",
  },
  {
    name: "approval_channel",
    title: "Approval channel",
    type: S,
    description: "Channel id (default: the bot's channel)",
  },
  {
    name: "position",
    title: "Place in order",
    type: Schema.types.integer,
    description: "1 = checked first (default: last)",
  },
  {
    name: "state",
    title: "On or off",
    type: S,
    enum: ["enabled", "disabled"],
    choices: [{ value: "enabled", title: "Enabled" }, { value: "disabled", title: "Disabled" }],
  },
];

/** The add-a-rule form: its own modal's fields (`admin_add_policy_form`) and required ones. */
export const ADD_POLICY_FORM: { fields: FormField[]; required: string[] } = {
  fields: [
    {
      name: "policy_id",
      title: "Rule id",
      type: S,
      description: "Default: made from the name",
    },
    ...POLICY_FIELDS,
  ],
  required: ["name", "effect"],
};
