import type { Trigger } from "deno-slack-sdk/types.ts";
import { AdminResendCallbackWorkflow } from "../workflows/admin_resend_callback.ts";

/**
 * Link trigger (shortcut) for admins. Anyone who can see the link may click it; the workflow's
 * function refuses and records non-admins. Create it with
 * `slack trigger create --trigger-def triggers/admin_resend_callback.ts`.
 */
const trigger: Trigger<typeof AdminResendCallbackWorkflow.definition> = {
  // "shortcut" stands for TriggerTypes.Shortcut: the constant is not reachable offline.
  type: "shortcut",
  name: "Countersign: Resend a failed callback",
  description: "Admins only",
  workflow: `#/workflows/${AdminResendCallbackWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: "{{data.interactivity}}" },
  },
};

export default trigger;
