import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";

/**
 * Sweeps pending approvals (run by a scheduled trigger): reminds the approvers once at a share of
 * the time limit, escalates once to the service's secondary approver group, expires a request
 * whose limit has passed and ends one whose bot was disabled or whose signing key was retired
 * (recording the outcome, updating the message and calling the bot back itself); then
 * deletes used OIDC token records whose tokens can no longer verify (purge.ts).
 */
export const SweepPendingFunction = DefineFunction({
  callback_id: "sweep_pending",
  title: "Sweep pending approvals",
  description: "Remind approvers, escalate, and expire approval requests past their time limit",
  source_file: "functions/sweep_pending/mod.ts",
  input_parameters: {
    properties: {
      reminder_share: {
        type: Schema.types.number,
        title: "Reminder share",
        description:
          "Share of the time limit (0-1) after which approvers are reminded (default: env COUNTERSIGN_REMINDER_SHARE or 0.5)",
      },
      escalation_share: {
        type: Schema.types.number,
        title: "Escalation share",
        description:
          "Share of the time limit (0-1) after which the escalation group is asked (default: env COUNTERSIGN_ESCALATION_SHARE or 0.75)",
      },
    },
    required: [],
  },
  output_parameters: {
    properties: {
      examined: {
        type: Schema.types.integer,
        title: "Examined",
        description: "Pending decisions looked at",
      },
      reminded: { type: Schema.types.integer, title: "Reminded", description: "Reminders sent" },
      escalated: {
        type: Schema.types.integer,
        title: "Escalated",
        description: "Requests escalated to a secondary group",
      },
      expired: { type: Schema.types.integer, title: "Expired", description: "Requests expired" },
      revoked: {
        type: Schema.types.integer,
        title: "Revoked",
        description: "Requests ended because their bot was disabled or their signing key retired",
      },
      purged: {
        type: Schema.types.integer,
        title: "Purged",
        description: "Used OIDC token records deleted because their tokens can no longer verify",
      },
      failed: {
        type: Schema.types.integer,
        title: "Failed",
        description: "Actions that failed (logged; retried by the next sweep)",
      },
      reviews_reminded: {
        type: Schema.types.integer,
        title: "Reviews reminded",
        description: "Break-glass reviews reminded (or their missing notice posted again)",
      },
      reviews_escalated: {
        type: Schema.types.integer,
        title: "Reviews escalated",
        description: "Overdue break-glass reviews escalated to the security channel",
      },
      complete: {
        type: Schema.types.boolean,
        title: "Complete",
        description: "False when the time budget ran out before the end of the list",
      },
    },
    required: [
      "examined",
      "reminded",
      "escalated",
      "expired",
      "revoked",
      "purged",
      "failed",
      "complete",
    ],
  },
});
