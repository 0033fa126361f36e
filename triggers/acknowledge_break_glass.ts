import type { Trigger } from "deno-slack-sdk/types.ts";
import { AcknowledgeBreakGlassWorkflow } from "../workflows/acknowledge_break_glass.ts";

/**
 * Link trigger (shortcut) for the bots' approvers: acknowledge a break-glass review. Anyone who
 * can see the link may click it; the function refuses and records everyone else. Create it with
 * `slack trigger create --trigger-def triggers/acknowledge_break_glass.ts` and bookmark it in
 * the approval channels.
 */
const trigger: Trigger<typeof AcknowledgeBreakGlassWorkflow.definition> = {
  // "shortcut" stands for TriggerTypes.Shortcut: the constant is not reachable offline.
  type: "shortcut",
  name: "Countersign: Acknowledge break-glass",
  description: "Approvers: review a break-glass approval",
  workflow: `#/workflows/${AcknowledgeBreakGlassWorkflow.definition.callback_id}`,
  inputs: {
    interactivity: { value: "{{data.interactivity}}" },
  },
};

export default trigger;
