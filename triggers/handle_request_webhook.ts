import type { Trigger } from "deno-slack-sdk/types.ts";
import { HandleRequestWorkflow } from "../workflows/handle_request.ts";

/**
 * Webhook trigger for bot requests. Its URL is a bearer secret in Slack's eyes, but Countersign
 * never relies on that: every request must carry a valid signature from a registered key.
 * Create it with `slack trigger create --trigger-def triggers/handle_request_webhook.ts`.
 */
const trigger: Trigger<typeof HandleRequestWorkflow.definition> = {
  // String literals stand for TriggerTypes.Webhook: the constant is not reachable offline.
  type: "webhook",
  name: "Countersign request",
  description: "Signed permission requests from registered bots",
  workflow: `#/workflows/${HandleRequestWorkflow.definition.callback_id}`,
  inputs: {
    service_id: { value: "{{data.service_id}}" },
    key_id: { value: "{{data.key_id}}" },
    request_id: { value: "{{data.request_id}}" },
    timestamp: { value: "{{data.timestamp}}" },
    action: { value: "{{data.action}}" },
    resource: { value: "{{data.resource}}" },
    environment: { value: "{{data.environment}}" },
    reason: { value: "{{data.reason}}" },
    triggered_by: { value: "{{data.triggered_by}}" },
    source_system: { value: "{{data.source_system}}" },
    source_url: { value: "{{data.source_url}}" },
    conditions: { value: "{{data.conditions}}" },
    signature: { value: "{{data.signature}}" },
    oidc_token: { value: "{{data.oidc_token}}" },
    withdraw: { value: "{{data.withdraw}}" },
    artifact_digest: { value: "{{data.artifact_digest}}" },
    break_glass: { value: "{{data.break_glass}}" },
  },
};

export default trigger;
