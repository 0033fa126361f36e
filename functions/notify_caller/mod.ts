import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { withSlackRetry } from "../../lib/slack_retry.ts";
import { NotifyCallerFunction } from "./definition.ts";
import { Decisions } from "../../datastores/decisions.ts";
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
