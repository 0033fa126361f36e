import type { Trigger } from "deno-slack-sdk/types.ts";
import { AdminAddPolicyWorkflow } from "../workflows/admin_add_policy.ts";

/**
 * Link trigger (shortcut) for admins. Anyone who can see the link may click it; the workflow's
 * function refuses and records non-admins. Create it with
 * `slack trigger create --trigger-def triggers/admin_add_policy.ts`.
 */
const trigger: Trigger<typeof AdminAddPolicyWorkflow.definition> = {
  // "shortcut" stands for TriggerTypes.Shortcut: the constant is not reachable offline.
  type: "shortcut",
  name: "Countersign: Add a policy rule",
  description: "Admins only",
  workflow: `#/workflows/${AdminAddPolicyWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: "{{data.interactivity}}" },
  },
};

export default trigger;
