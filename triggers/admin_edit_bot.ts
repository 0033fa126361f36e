import type { Trigger } from "deno-slack-sdk/types.ts";
import { AdminEditBotWorkflow } from "../workflows/admin_edit_bot.ts";

/**
 * Link trigger (shortcut) for admins. Anyone who can see the link may click it; the workflow's
 * function refuses and records non-admins. Create it with
 * `slack trigger create --trigger-def triggers/admin_edit_bot.ts`.
 */
const trigger: Trigger<typeof AdminEditBotWorkflow.definition> = {
  // "shortcut" stands for TriggerTypes.Shortcut: the constant is not reachable offline.
  type: "shortcut",
  name: "Countersign: Edit a bot",
  description: "Admins only",
  workflow: `#/workflows/${AdminEditBotWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: "{{data.interactivity}}" },
  },
};

export default trigger;
