import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";

/**
 * Applies the ordered policy rules to a request: the first enabled matching rule wins; when no rule
 * matches, the request requires approval (never auto-approval). A request whose verdict is not
 * `verified` passes through with effect `none`.
 */
export const EvaluatePolicyFunction = DefineFunction({
  callback_id: "evaluate_policy",
  title: "Evaluate approval policy",
  description:
    "Find the first policy rule matching a request: auto-approve, require approvals, or deny",
  source_file: "functions/evaluate_policy/mod.ts",
  input_parameters: {
    properties: {
      verdict: {
        type: Schema.types.string,
        title: "Verdict",
        description: "Output of the verify step; anything but verified skips evaluation",
      },
      service_id: {
        type: Schema.types.string,
        title: "Service id",
        description: "Registered service id",
      },
      request_id: {
        type: Schema.types.string,
        title: "Request id",
        description: "The caller's request id (named when a scoped approval lets it through)",
      },
      action: { type: Schema.types.string, title: "Action", description: "Requested action" },
      resource: { type: Schema.types.string, title: "Resource", description: "Requested resource" },
      environment: {
        type: Schema.types.string,
        title: "Environment",
        description: "Requested environment",
      },
      conditions: {
        type: Schema.types.string,
        title: "Conditions",
        description: "key=value pairs joined by &",
      },
      approvals_required: {
        type: Schema.types.integer,
        title: "Default approvals",
        description: "Approvals required when the rule does not say",
      },
      break_glass: {
        type: Schema.types.string,
        title: "Break-glass",
        description: "The verified break-glass justification; when set, the effect is break_glass",
      },
      verified_facts: {
        type: Schema.types.string,
        title: "Verified facts",
        description: "oidc.<claim> facts of the verified token, as JSON (from the verify step)",
      },
    },
    // Nothing is required: a request rejected for a missing field still flows through this step
    // (with effect "none") to be recorded, and Slack fails a step whose required input is unset.
    required: [],
  },
  output_parameters: {
    properties: {
      effect: {
        type: Schema.types.string,
        title: "Effect",
        description: "auto_approve, require_approval, deny, break_glass, or none",
      },
      policy_id: {
        type: Schema.types.string,
        title: "Policy id",
        description: "Rule that decided (empty for the default)",
      },
      policy_name: {
        type: Schema.types.string,
        title: "Policy name",
        description: "Name of that rule",
      },
      approvals_required: {
        type: Schema.types.integer,
        title: "Approvals required",
        description: "Distinct approvals needed",
      },
      explanation: {
        type: Schema.types.string,
        title: "Explanation",
        description: "Why this rule matched",
      },
      approver_groups: {
        type: Schema.types.string,
        title: "Approver groups",
        description: "The rule's approver groups with counts (empty: the bot's approvers)",
      },
      groups_required: {
        type: Schema.types.integer,
        title: "Groups that must sign off",
        description: "How many of the rule's groups must sign off (0 without groups)",
      },
      approval_channel: {
        type: Schema.types.string,
        title: "Approval channel",
        description: "The rule's channel id (empty: the bot's channel)",
      },
      scoped_by: {
        type: Schema.types.string,
        title: "Scoped by",
        description:
          "Decision id of the approval whose scope let this request through (empty otherwise)",
      },
      facts: {
        type: Schema.types.string,
        title: "Facts",
        description: "Each fact the deciding rule looked at, with its source, as JSON",
      },
      policy_note: {
        type: Schema.types.string,
        title: "Policy note",
        description:
          "Why an auto-approving rule sent the request to humans (protected environment)",
      },
    },
    required: ["effect", "approvals_required", "explanation"],
  },
});
