import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { withSlackRetry } from "../../lib/slack_retry.ts";
import { NotifyCallerFunction } from "./definition.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { appSigningKey, isSealedBy, passedRecord, withRecordSeal } from "../../lib/audit/seal.ts";
import { resealCrossedMarks } from "../../lib/audit/reseal.ts";
import { EXTRA_DOMAINS_ENV, OUTGOING_DOMAINS, SIGNING_KEY_ENV } from "../../lib/config.ts";
import {
  buildCallbackPayload,
  checkCallbackUrl,
  deliverCallback,
  importSigningKey,
  parseDomainList,
  signCallback,
  type SigningKey,
} from "../../lib/callback/mod.ts";

/**
 * Reads a setting from the function's env (`slack env add` on hosted runs), falling back to the
 * process environment where the runtime allows it (local runs); hosted runs have no --allow-env.
 */
function setting(env: Record<string, string>, name: string): string {
  if (env[name]) return env[name];
  try {
    return Deno.env.get(name) ?? "";
  } catch {
    return "";
  }
}

export default SlackFunction(NotifyCallerFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const callbackUrl = (inputs.callback_url ?? "").trim();
  if (!callbackUrl) return { outputs: { delivery_status: "skipped", attempts: 0 } };

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

  const check = checkCallbackUrl(
    callbackUrl,
    OUTGOING_DOMAINS,
    parseDomainList(setting(env, EXTRA_DOMAINS_ENV)),
  );
  if (!check.ok) {
    console.warn(
      `notify_caller: refused callback for decision "${inputs.decision_id}": ${check.reason}`,
    );
    return await finish("refused", 0, check.reason);
  }

  let key: SigningKey;
  try {
    const secret = setting(env, SIGNING_KEY_ENV);
    if (!secret) throw new Error(`Cannot sign callback: ${SIGNING_KEY_ENV} is not set`);
    key = await importSigningKey(secret);
  } catch (error) {
    // The message never includes the key itself (see importSigningKey).
    const detail = (error as Error).message;
    console.error(`notify_caller: ${detail}`);
    return await finish("failed", 0, detail);
  }

  const result = await deliverCallback(check.url, async () => {
    const now = Date.now();
    const payload = buildCallbackPayload(inputs, now);
    const body = JSON.stringify(payload);
    return { body, headers: await signCallback(key, body, now, payload.service_id) };
  });
  if (result.status === "failed") {
    console.warn(`notify_caller: decision "${inputs.decision_id}": ${result.detail}`);
  }
  return await finish(result.status, result.attempts, result.detail);
});
