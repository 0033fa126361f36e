import { DefineWorkflow } from "deno-slack-sdk/mod.ts";
import { SweepPendingFunction } from "../functions/sweep_pending/definition.ts";

/**
 * Started by the hourly scheduled trigger: reminds, escalates and expires pending approvals. The
 * shares come from the env (`COUNTERSIGN_REMINDER_SHARE`, `COUNTERSIGN_ESCALATION_SHARE`).
 */
export const SweepPendingWorkflow = DefineWorkflow({
  callback_id: "sweep_pending",
  title: "Sweep pending approvals",
  description: "Remind approvers, escalate, and expire approval requests past their time limit",
  input_parameters: { properties: {}, required: [] },
});

SweepPendingWorkflow.addStep(SweepPendingFunction, {});
