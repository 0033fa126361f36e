import { Schema } from "deno-slack-sdk/mod.ts";
import { AdminDryRunPolicyFunction } from "../functions/admin_dry_run_policy/definition.ts";
import { defineAdminWorkflow } from "./admin_workflow.ts";

const S = Schema.types.string;

/** Link-trigger workflow: see which rule would decide a sample request, and why. */
export const AdminDryRunPolicyWorkflow = defineAdminWorkflow({
  callback_id: "admin_dry_run_policy",
  title: "Try the policies",
  description: "Admins: see how a sample request would be decided",
  formTitle: "Try the policies",
  submitLabel: "Try",
  fields: [
    { name: "service_id", title: "Bot id", type: S },
    { name: "action", title: "Action", type: S },
    { name: "resource", title: "Resource", type: S },
    { name: "environment", title: "Environment", type: S },
    { name: "conditions", title: "Conditions", type: S, description: "e.g. ci_status=passed" },
    {
      name: "verified_claims",
      title: "Verified claims",
      type: S,
      description: "e.g. oidc.repository=acme/api&oidc.ref=refs/heads/main",
    },
    { name: "at", title: "When", type: S, description: "e.g. 2026-12-24T10:00Z (default now)" },
  ],
  required: ["service_id", "action", "resource", "environment"],
  fn: AdminDryRunPolicyFunction,
});
