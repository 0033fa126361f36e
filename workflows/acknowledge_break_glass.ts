import { Schema } from "deno-slack-sdk/mod.ts";
import { AcknowledgeBreakGlassFunction } from "../functions/acknowledge_break_glass/definition.ts";
import { defineAdminWorkflow } from "./admin_workflow.ts";

/** Link-trigger workflow: acknowledge the follow-up review of a break-glass approval. */
export const AcknowledgeBreakGlassWorkflow = defineAdminWorkflow({
  callback_id: "acknowledge_break_glass",
  title: "Acknowledge break-glass",
  description: "Approvers: review a break-glass approval after the fact",
  formTitle: "Break-glass review",
  submitLabel: "Acknowledge",
  fields: [
    { name: "decision_id", title: "Decision id", type: Schema.types.string },
    { name: "note", title: "What you checked", type: Schema.types.string, long: true },
  ],
  required: ["decision_id", "note"],
  fn: AcknowledgeBreakGlassFunction,
});
