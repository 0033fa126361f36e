import type { Trigger } from "deno-slack-sdk/types.ts";
import { AdminRemovePolicyWorkflow } from "../workflows/admin_remove_policy.ts";

/**
 * Link trigger (shortcut) for admins. Anyone who can see the link may click it; the workflow's
 * function refuses and records non-admins. Create it with
 * `slack trigger create --trigger-def triggers/admin_remove_policy.ts`.
 */
const trigger: Trigger<typeof AdminRemovePolicyWorkflow.definition> = {
  // "shortcut" stands for TriggerTypes.Shortcut: the constant is not reachable offline.
  type: "shortcut",
  name: "Countersign: Remove a policy rule",
  description: "Admins only",
  workflow: `#/workflows/${AdminRemovePolicyWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: "{{data.interactivity}}" },
  },
};

export default trigger;
