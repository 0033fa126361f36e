import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";

/**
 * Posts a compact summary of the last days' decisions (counts, rates, time to decision, top
 * bots, actions, environments and approvers) to a channel. Run weekly by a scheduled trigger.
 */
export const WeeklyReportFunction = DefineFunction({
  callback_id: "weekly_report",
  title: "Post decision report",
  description:
    "Summarise recent decisions (rates, time to decision, per bot/approver) in a channel",
  source_file: "functions/weekly_report/mod.ts",
  input_parameters: {
    properties: {
      channel: {
        type: Schema.slack.types.channel_id,
        title: "Channel",
        description: "Where to post (default: env COUNTERSIGN_REPORT_CHANNEL)",
      },
      days: {
        type: Schema.types.integer,
        title: "Days",
        description: "How many days back the report covers (1-366, default 7)",
      },
    },
    required: [],
  },
  output_parameters: {
    properties: {
      decisions: {
        type: Schema.types.integer,
        title: "Decisions",
        description: "Decisions in the period",
      },
      message_ts: {
        type: Schema.types.string,
        title: "Message ts",
        description: "Timestamp of the posted summary",
      },
    },
    required: ["decisions"],
  },
});
