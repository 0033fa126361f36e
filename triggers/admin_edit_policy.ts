import type { Trigger } from "deno-slack-sdk/types.ts";
import { AdminEditPolicyWorkflow } from "../workflows/admin_edit_policy.ts";

/**
 * Link trigger (shortcut) for admins. Anyone who can see the link may click it; the workflow's
 * function refuses and records non-admins. Create it with
 * `slack trigger create --trigger-def triggers/admin_edit_policy.ts`.
 */
const trigger: Trigger<typeof AdminEditPolicyWorkflow.definition> = {
  // "shortcut" stands for TriggerTypes.Shortcut: the constant is not reachable offline.
  type: "shortcut",
  name: "Countersign: Edit or move a policy rule",
  description: "Admins only",
  workflow: `#/workflows/${AdminEditPolicyWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: "{{data.interactivity}}" },
  },
};

export default trigger;
