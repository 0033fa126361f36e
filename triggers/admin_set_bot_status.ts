import type { Trigger } from "deno-slack-sdk/types.ts";
import { AdminSetBotStatusWorkflow } from "../workflows/admin_set_bot_status.ts";

/**
 * Link trigger (shortcut) for admins. Anyone who can see the link may click it; the workflow's
 * function refuses and records non-admins. Create it with
 * `slack trigger create --trigger-def triggers/admin_set_bot_status.ts`.
 */
const trigger: Trigger<typeof AdminSetBotStatusWorkflow.definition> = {
  // "shortcut" stands for TriggerTypes.Shortcut: the constant is not reachable offline.
  type: "shortcut",
  name: "Countersign: Disable or enable a bot",
  description: "Admins only",
  workflow: `#/workflows/${AdminSetBotStatusWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: "{{data.interactivity}}" },
  },
};

export default trigger;
