import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { NotifyCallerFunction } from "./definition.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { sendCallback } from "./send.ts";

export default SlackFunction(NotifyCallerFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const callbackUrl = (inputs.callback_url ?? "").trim();
  if (!callbackUrl) {
    // In the app's workflow the record step already wrote why nothing is sent. Used alone (e.g.
    // in Workflow Builder) after a record that still says `pending`, this step ends that state.
    const passed = parsedRecord(inputs.record_json);
    if (passed?.callback_status === "pending" && passed.id === inputs.decision_id) {
      const updated = await client.apps.datastore.update<typeof Decisions.definition>({
        datastore: Decisions.name,
        item: {
          id: inputs.decision_id,
          callback_status: "skipped",
          callback_attempts: 0,
          callback_detail: "No callback: no callback URL was given to the notify step",
        },
      });
      if (!updated.ok) {
        return {
          error: `Cannot record callback result for "${inputs.decision_id}": ${updated.error}`,
        };
      }
    }
    return { outputs: { delivery_status: "skipped", attempts: 0 } };
  }

  /** Records the delivery result on the decision and returns the function's outputs. */
  const finish = async (
    status: "delivered" | "failed" | "refused",
    attempts: number,
    detail: string,
  ) => {
    const delivery = {
      callback_status: status,
      callback_attempts: attempts,
      callback_detail: detail,
    };
    // Delivery marks are operational, outside the record's seal (lib/audit/canonical.ts): a
    // plain merge, and the seal record_decision made stays valid.
    const updated = await client.apps.datastore.update<typeof Decisions.definition>({
      datastore: Decisions.name,
      item: { id: inputs.decision_id, ...delivery },
    });
    if (!updated.ok) {
      return {
        error: `Cannot record callback result for "${inputs.decision_id}": ${updated.error}`,
      };
    }
    return { outputs: { delivery_status: status, attempts } };
  };

  const result = await sendCallback(env, callbackUrl, inputs);
  return await finish(result.status, result.attempts, result.detail);
});

/** The record passed by the record step, if it parses as an object. */
function parsedRecord(json: string | undefined): Record<string, unknown> | undefined {
  if (!json) return undefined;
  try {
    const value = JSON.parse(json);
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
