import type { Trigger } from "deno-slack-sdk/types.ts";
import { AdminDryRunPolicyWorkflow } from "../workflows/admin_dry_run_policy.ts";

/**
 * Link trigger (shortcut) for admins. Anyone who can see the link may click it; the workflow's
 * function refuses and records non-admins. Create it with
 * `slack trigger create --trigger-def triggers/admin_dry_run_policy.ts`.
 */
const trigger: Trigger<typeof AdminDryRunPolicyWorkflow.definition> = {
  // "shortcut" stands for TriggerTypes.Shortcut: the constant is not reachable offline.
  type: "shortcut",
  name: "Countersign: Try the policies",
  description: "Admins only",
  workflow: `#/workflows/${AdminDryRunPolicyWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: "{{data.interactivity}}" },
  },
};

export default trigger;
