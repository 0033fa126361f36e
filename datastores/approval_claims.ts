import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";

/**
 * Registers of the owner election between simultaneous copies of one request
 * (`functions/request_approval/_claim.ts`). Slack datastores have no conditional writes, so the
 * election uses plain read/write registers: `<decision_id>|<round>|door` and
 * `<decision_id>|<round>|flag` hold the execution id that wrote them last, and
 * `<decision_id>|1|<execution_id>` holds how that copy fared in round 1 (`stop`, `right`, `down`).
 */
export const ApprovalClaims = DefineDatastore({
  name: "approval_claims",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    decision_id: { type: Schema.types.string },
    value: { type: Schema.types.string },
    at: { type: Schema.types.number },
  },
});
