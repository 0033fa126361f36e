import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";

/**
 * The compensating controls of a break-glass approval, right after it is recorded: a loud notice
 * to the security channel, the bot's watchers and its approvers, who must acknowledge the
 * follow-up review in time (`acknowledge_break_glass`; the hourly sweep reminds and escalates).
 * Any other decision passes through without a Slack call. It never fails the workflow: the
 * caller's callback comes next, and the sweep repeats a notice that could not be posted.
 */
export const AnnounceBreakGlassFunction = DefineFunction({
  callback_id: "announce_break_glass",
  title: "Announce a break-glass approval",
  description: "Loud notice of a break-glass approval and the follow-up review humans must do",
  source_file: "functions/announce_break_glass/mod.ts",
  input_parameters: {
    properties: {
      decision_id: {
        type: Schema.types.string,
        title: "Decision id",
        description: "The recorded decision",
      },
      reason_code: {
        type: Schema.types.string,
        title: "Reason code",
        description: "From the record step; only break_glass is announced",
      },
      record_json: {
        type: Schema.types.string,
        title: "Record",
        description: "The recorded decision as JSON (record step)",
      },
      approval_channel: {
        type: Schema.slack.types.channel_id,
        title: "Approval channel",
        description: "The bot's approval channel",
      },
      watcher_channel: {
        type: Schema.slack.types.channel_id,
        title: "Watcher channel",
        description: "The bot's watcher channel",
      },
      approver_users: {
        type: Schema.types.array,
        items: { type: Schema.slack.types.user_id },
        title: "Approvers",
        description: "Who reviews it",
      },
      approver_usergroup: {
        type: Schema.slack.types.usergroup_id,
        title: "Approver group",
        description: "Group whose members review it",
      },
    },
    required: [],
  },
  output_parameters: {
    properties: {
      announced: {
        type: Schema.types.string,
        title: "Announced",
        description: "Where the notice went (channel ids), or why not",
      },
    },
    required: [],
  },
});
