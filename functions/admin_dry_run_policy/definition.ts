import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";
import { ACTOR_PARAM, ADMIN_OUTPUTS, ADMIN_REQUIRED_OUTPUTS } from "../../lib/admin/params.ts";

/**
 * Shows how a sample request would be decided: the bot's own checks, then which rule decides and
 * why. Changes nothing; only a refusal is recorded in the admin log.
 */
export const AdminDryRunPolicyFunction = DefineFunction({
  callback_id: "admin_dry_run_policy",
  title: "Try the policies",
  description: "See which rule would decide a sample request, and why, without sending one",
  source_file: "functions/admin_dry_run_policy/mod.ts",
  input_parameters: {
    properties: {
      ...ACTOR_PARAM,
      service_id: { type: Schema.types.string, title: "Bot id", description: "The asking bot" },
      action: { type: Schema.types.string, title: "Action", description: "e.g. deploy" },
      resource: { type: Schema.types.string, title: "Resource", description: "e.g. api-gateway" },
      environment: {
        type: Schema.types.string,
        title: "Environment",
        description: "e.g. production",
      },
      conditions: {
        type: Schema.types.string,
        title: "Conditions",
        description: "key=value pairs joined by &, as the bot would send them (optional)",
      },
      verified_claims: {
        type: Schema.types.string,
        title: "Verified claims",
        description:
          "oidc.<claim>=value pairs joined by &, as the bot's OIDC token would carry them (optional)",
      },
      at: {
        type: Schema.types.string,
        title: "When",
        description: "The moment to try, e.g. 2026-12-24T10:00Z (optional; default now)",
      },
    },
    required: [],
  },
  output_parameters: {
    properties: {
      ...ADMIN_OUTPUTS,
      effect: {
        type: Schema.types.string,
        title: "Effect",
        description: "auto_approve, require_approval, deny, or rejected (before policies)",
      },
      rule_id: {
        type: Schema.types.string,
        title: "Deciding rule",
        description: "Id of the rule that decides (empty for the default)",
      },
    },
    required: ADMIN_REQUIRED_OUTPUTS,
  },
});
