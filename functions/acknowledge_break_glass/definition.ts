import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";
import { ACTOR_PARAM, ADMIN_OUTPUT_PARAMS } from "../../lib/admin/params.ts";

/**
 * Acknowledges the follow-up review of a break-glass approval: one of the bot's approvers (or an
 * app admin), never the person who triggered it, says what they found. Recorded as a signed admin
 * event, noted on the decision, and told in the review thread; the sweep stops reminding.
 */
export const AcknowledgeBreakGlassFunction = DefineFunction({
  callback_id: "acknowledge_break_glass",
  title: "Acknowledge a break-glass review",
  description: "Review a break-glass approval after the fact and record what you found",
  source_file: "functions/acknowledge_break_glass/mod.ts",
  input_parameters: {
    properties: {
      ...{
        actor: {
          ...ACTOR_PARAM.actor,
          description: "The reviewer: one of the bot's approvers or an app admin",
        },
      },
      decision_id: {
        type: Schema.types.string,
        title: "Decision id",
        description: "The break-glass decision (from the notice)",
      },
      note: {
        type: Schema.types.string,
        title: "Review note",
        description: "What you checked and found (required)",
      },
    },
    required: [],
  },
  output_parameters: ADMIN_OUTPUT_PARAMS,
});
