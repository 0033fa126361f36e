import { DefineFunction, Schema } from "deno-slack-sdk/mod.ts";

/**
 * POSTs the decision to the service's callback URL, signed with the app's Ed25519 key, with
 * bounded retries and backoff, and records the delivery result on the decision. A URL outside the
 * manifest's outgoing domains is refused (and that refusal recorded), never fetched.
 */
export const NotifyCallerFunction = DefineFunction({
  callback_id: "notify_caller",
  title: "Notify the caller",
  description: "Send the signed decision to the bot's callback URL and record whether it arrived",
  source_file: "functions/notify_caller/mod.ts",
  input_parameters: {
    properties: {
      decision_id: {
        type: Schema.types.string,
        title: "Decision id",
        description: "Decision record to update",
      },
      callback_url: {
        type: Schema.types.string,
        title: "Callback URL",
        description: "HTTPS URL within the outgoing domains; empty skips",
      },
      service_id: {
        type: Schema.types.string,
        title: "Service id",
        description: "Registered service id",
      },
      request_id: {
        type: Schema.types.string,
        title: "Request id",
        description: "Caller's request id",
      },
      outcome: { type: Schema.types.string, title: "Outcome", description: "Final outcome" },
      reason_code: {
        type: Schema.types.string,
        title: "Reason code",
        description: "Machine-readable reason",
      },
      decided_by: {
        type: Schema.types.array,
        items: { type: Schema.slack.types.user_id },
        title: "Decided by",
        description: "Who decided",
      },
      decided_at: {
        type: Schema.types.number,
        title: "Decided at",
        description: "Unix milliseconds of the decision",
      },
      denial_reason: {
        type: Schema.types.string,
        title: "Denial reason",
        description: "The approver's reason when denied; sent bounded and inert",
      },
      approver_comment: {
        type: Schema.types.string,
        title: "Approver comment",
        description: "The approvers' optional comment when approved; sent bounded and inert",
      },
      record_json: {
        type: Schema.types.string,
        title: "Signed record",
        description: "From the record step; saves reading the record back to re-sign it",
      },
    },
    required: ["decision_id", "outcome"],
  },
  output_parameters: {
    properties: {
      delivery_status: {
        type: Schema.types.string,
        title: "Delivery status",
        description: "delivered, failed, skipped or refused",
      },
      attempts: {
        type: Schema.types.integer,
        title: "Attempts",
        description: "HTTP attempts made",
      },
    },
    required: ["delivery_status", "attempts"],
  },
});
