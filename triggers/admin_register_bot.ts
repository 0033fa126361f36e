import type { Trigger } from "deno-slack-sdk/types.ts";
import { AdminRegisterBotWorkflow } from "../workflows/admin_register_bot.ts";

/**
 * Link trigger (shortcut) for admins. Anyone who can see the link may click it; the workflow's
 * function refuses and records non-admins. Create it with
 * `slack trigger create --trigger-def triggers/admin_register_bot.ts`.
 */
const trigger: Trigger<typeof AdminRegisterBotWorkflow.definition> = {
  // "shortcut" stands for TriggerTypes.Shortcut: the constant is not reachable offline.
  type: "shortcut",
  name: "Countersign: Register a bot",
  description: "Admins only",
  workflow: `#/workflows/${AdminRegisterBotWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: "{{data.interactivity}}" },
  },
};

export default trigger;
