import { Schema } from "deno-slack-sdk/mod.ts";

/**
 * Input parameters shared by every step that shows or records a request: the caller-asserted
 * fields of the request contract (see README "Request contract"). None is required at the
 * Slack level so that a missing field reaches `verify_request` and is rejected with a specific,
 * recorded reason instead of failing the workflow before any record exists.
 */
export const REQUEST_FIELD_PARAMS = {
  service_id: {
    type: Schema.types.string,
    title: "Service id",
    description: "Registered service (bot) id",
  },
  request_id: {
    type: Schema.types.string,
    title: "Request id",
    description: "Caller's unique request id",
  },
  action: {
    type: Schema.types.string,
    title: "Action",
    description: "What the caller wants to do, e.g. deploy",
  },
  resource: {
    type: Schema.types.string,
    title: "Resource",
    description: "What it acts on, e.g. api-server#152",
  },
  environment: {
    type: Schema.types.string,
    title: "Environment",
    description: "Where, e.g. production",
  },
  reason: { type: Schema.types.string, title: "Reason", description: "Why the caller asks" },
  triggered_by: {
    type: Schema.types.string,
    title: "Triggered by",
    description: "Human behind the request, as the caller asserts",
  },
  source_system: {
    type: Schema.types.string,
    title: "Source system",
    description: "System that sent the request, e.g. github-actions",
  },
  source_url: {
    type: Schema.types.string,
    title: "Source URL",
    description: "Link to the run or ticket",
  },
  conditions: {
    type: Schema.types.string,
    title: "Conditions",
    description: "Request conditions as key=value pairs joined by &, e.g. ci_status=passed",
  },
} as const;

/** What the policy step says about its decision: the facts that mattered and the policy note. */
export const POLICY_FACT_PARAMS = {
  facts: {
    type: Schema.types.string,
    title: "Facts",
    description: "Each fact the deciding rule looked at, with its source, as JSON (policy step)",
  },
  policy_note: {
    type: Schema.types.string,
    title: "Policy note",
    description: "Why an auto-approving rule sent the request to humans (policy step)",
  },
} as const;
