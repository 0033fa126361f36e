/**
 * Sending one signed decision callback: the URL checked against the outgoing domains, the app's
 * key loaded from the env, delivery with bounded retries. Shared by the notify step and by the
 * closers that end a pending request from outside its run (expiry, revocation).
 *
 * @module
 */
import { EXTRA_DOMAINS_ENV, OUTGOING_DOMAINS, SIGNING_KEY_ENV } from "../../lib/config.ts";
import {
  buildCallbackPayload,
  type CallbackFacts,
  checkCallbackUrl,
  deliverCallback,
  type DeliverOptions,
  importSigningKey,
  parseDomainList,
  signCallback,
  type SigningKey,
} from "../../lib/callback/mod.ts";
import { envSetting as setting } from "../_shared/env.ts";

/** What became of one callback. `detail` is safe to record (no URL query, no key). */
export interface SentCallback {
  status: "delivered" | "failed" | "refused";
  attempts: number;
  detail: string;
}

/**
 * Checks `callbackUrl`, signs `facts` with the app's key and POSTs them (fresh signature per
 * attempt). A URL outside the outgoing domains is refused and never fetched; a missing or bad
 * key fails without an attempt.
 */
export async function sendCallback(
  env: Record<string, string> | undefined,
  callbackUrl: string,
  facts: CallbackFacts,
  options: DeliverOptions = {},
): Promise<SentCallback> {
  const check = checkCallbackUrl(
    callbackUrl,
    OUTGOING_DOMAINS,
    parseDomainList(setting(env, EXTRA_DOMAINS_ENV)),
  );
  if (!check.ok) {
    console.warn(
      `notify_caller: refused callback for decision "${facts.decision_id}": ${check.reason}`,
    );
    return { status: "refused", attempts: 0, detail: check.reason };
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
    return { status: "failed", attempts: 0, detail };
  }
  const result = await deliverCallback(fetch, check.url, async () => {
    const now = Date.now();
    const payload = buildCallbackPayload(facts, now);
    const body = JSON.stringify(payload);
    return { body, headers: await signCallback(key, body, now, payload.service_id) };
  }, options);
  if (result.status === "failed") {
    console.warn(`notify_caller: decision "${facts.decision_id}": ${result.detail}`);
  }
  return { status: result.status, attempts: result.attempts, detail: result.detail };
}
