import type { Trigger } from "deno-slack-sdk/types.ts";
import { AdminRotateKeyWorkflow } from "../workflows/admin_rotate_key.ts";

/**
 * Link trigger (shortcut) for admins. Anyone who can see the link may click it; the workflow's
 * function refuses and records non-admins. Create it with
 * `slack trigger create --trigger-def triggers/admin_rotate_key.ts`.
 */
const trigger: Trigger<typeof AdminRotateKeyWorkflow.definition> = {
  // "shortcut" stands for TriggerTypes.Shortcut: the constant is not reachable offline.
  type: "shortcut",
  name: "Countersign: Rotate a bot's key",
  description: "Admins only",
  workflow: `#/workflows/${AdminRotateKeyWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: "{{data.interactivity}}" },
  },
};

export default trigger;
