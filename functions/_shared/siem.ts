/**
 * Optional forwarding of each decision to a log collector (a SIEM's HTTP event endpoint): the
 * signed record is POSTed as JSON with bounded retries, after it is written, so a collector
 * outage never loses or delays the decision itself by more than the small time budget.
 *
 * @module
 */
import { checkCallbackUrl, parseDomainList } from "../../lib/callback/domain.ts";
import {
  deliverCallback,
  type DeliverOptions,
  type DeliveryResult,
} from "../../lib/callback/deliver.ts";
import { EXTRA_DOMAINS_ENV, OUTGOING_DOMAINS } from "../../lib/config.ts";
import { envSetting } from "./env.ts";

/** Environment variable with the collector URL (https, within the outgoing domains). */
export const SIEM_URL_ENV = "COUNTERSIGN_SIEM_URL";
/** Optional environment variable with the whole `Authorization` header value to send. */
export const SIEM_AUTHORIZATION_ENV = "COUNTERSIGN_SIEM_AUTHORIZATION";

/** Retries stay small: the record step waits for them (hosted functions stop after 60 s). */
export const SIEM_DELIVERY: DeliverOptions = {
  attempts: 3,
  baseDelayMs: 300,
  attemptTimeoutMs: 2_000,
  totalBudgetMs: 5_000,
};

/** The JSON body sent for one record. */
export function siemBody(datastore: string, item: Record<string, unknown>): string {
  return JSON.stringify({ source: "countersign", datastore, record: item });
}

/** What happened: not configured, refused (URL outside the allowed domains) or delivered/failed. */
export type SiemResult =
  | { status: "off" }
  | { status: "refused"; detail: string }
  | DeliveryResult;

/**
 * Forwards `item` when `COUNTERSIGN_SIEM_URL` is set. Never throws; the caller logs a failure.
 *
 * @param options delivery options (tests shorten the waits)
 */
export async function forwardToSiem(
  env: Record<string, string> | undefined,
  datastore: string,
  item: Record<string, unknown>,
  options: DeliverOptions = SIEM_DELIVERY,
): Promise<SiemResult> {
  const raw = envSetting(env, SIEM_URL_ENV).trim();
  if (!raw) return { status: "off" };
  const check = checkCallbackUrl(
    raw,
    OUTGOING_DOMAINS,
    parseDomainList(envSetting(env, EXTRA_DOMAINS_ENV)),
  );
  if (!check.ok) {
    return {
      status: "refused",
      detail: check.reason.replace("Cannot call back: callback URL", "Cannot forward to SIEM: URL")
        .replace("Cannot call back:", "Cannot forward to SIEM:"),
    };
  }
  const headers: Record<string, string> = { "content-type": "application/json" };
  const authorization = envSetting(env, SIEM_AUTHORIZATION_ENV);
  if (authorization) headers.authorization = authorization;
  const body = siemBody(datastore, item);
  const result = await deliverCallback(fetch, check.url, () => Promise.resolve({ body, headers }), {
    ...SIEM_DELIVERY,
    ...options,
  });
  return {
    ...result,
    detail: result.detail.replace("Cannot deliver callback", "Cannot forward to SIEM"),
  };
}
