import type { Trigger } from "deno-slack-sdk/types.ts";
import { AdminOverviewWorkflow } from "../workflows/admin_overview.ts";

/**
 * Link trigger (shortcut) for admins: DMs the list of bots and policy rules. Non-admins are
 * refused and recorded. Create it with `slack trigger create --trigger-def
 * triggers/admin_overview.ts`.
 */
const trigger: Trigger<typeof AdminOverviewWorkflow.definition> = {
  // "shortcut" stands for TriggerTypes.Shortcut: the constant is not reachable offline.
  type: "shortcut",
  name: "Countersign: List bots and policy rules",
  description: "Admins only",
  workflow: `#/workflows/${AdminOverviewWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: "{{data.interactivity}}" },
  },
};

export default trigger;
