import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { withSlackRetry } from "../../lib/slack_retry.ts";
import { NotifyCallerFunction } from "./definition.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { appSigningKey, isSealedBy, passedRecord, withRecordSeal } from "../../lib/audit/seal.ts";
import { resealCrossedMarks } from "../../lib/audit/reseal.ts";
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

  /**
   * The record's new signature once the delivery result is added (lib/audit): it covers every
   * attribute, so it is made over the whole record. Without a record the update still happens
   * and an audit verify names the record, since its old signature no longer matches.
   */
  const resealed = async (
    delivery: Record<string, unknown>,
  ): Promise<{ seal: Record<string, unknown>; content?: Record<string, unknown> }> => {
    // The record step passes the signed record on; reading it back is the fallback (e.g. this
    // step used alone in Workflow Builder), at the cost of one more Web API call.
    let current = await passedRecord(
      env,
      Decisions.name,
      inputs.record_json,
      inputs.decision_id,
    );
    if (!current) {
      const found = await client.apps.datastore.get<typeof Decisions.definition>({
        datastore: Decisions.name,
        id: inputs.decision_id,
      });
      if (!found.ok || !found.item?.id) {
        console.warn(
          `notify_caller: cannot re-sign "${inputs.decision_id}": ${found.error ?? "no record"}`,
        );
        return { seal: {} };
      }
      current = found.item as Record<string, unknown>;
      // Re-signing what is stored must not launder an edit made by someone else: only a record
      // the app's key signed gets a new seal (an edited one stays for verify to report).
      const key = await appSigningKey(env);
      if ("key" in key && !await isSealedBy(key.key, Decisions.name, current)) {
        console.warn(
          `notify_caller: not re-signing "${inputs.decision_id}": the stored record does not ` +
            "carry the app's seal",
        );
        return { seal: {} };
      }
    }
    // The old signature attributes are replaced, and never part of what is signed.
    const sealed = await withRecordSeal(
      env,
      Decisions.name,
      { ...current, ...delivery },
      "notify_caller",
    );
    if (!sealed.record_signature) return { seal: {} };
    return {
      seal: {
        record_signature: sealed.record_signature,
        record_key_id: sealed.record_key_id,
        record_version: sealed.record_version,
      },
      content: sealed,
    };
  };

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
    const { seal, content } = await resealed(delivery);
    const updated = await client.apps.datastore.update<typeof Decisions.definition>({
      datastore: Decisions.name,
      item: { id: inputs.decision_id, ...delivery, ...seal },
    });
    if (!updated.ok) {
      return {
        error: `Cannot record callback result for "${inputs.decision_id}": ${updated.error}`,
      };
    }
    // The update merges: a sweep mark that landed after the record step is in the stored record
    // but not under the seal just made (lib/audit/reseal.ts).
    const stored = updated.item as Record<string, unknown> | undefined;
    if (content && stored?.id) {
      const kept = await resealCrossedMarks(client, env, Decisions.name, stored, {
        kind: "written",
        record: content,
      });
      if (kept.outcome === "refused" || kept.outcome === "failed") {
        console.warn(
          `notify_caller: seal of "${inputs.decision_id}" ${kept.outcome}: ${kept.detail ?? ""}`,
        );
      }
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
