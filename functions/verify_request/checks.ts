/**
 * Pure steps of `verify_request`: decision ids, key selection and the outputs built from a
 * service record. The handler (`mod.ts`) only adds the datastore reads around them.
 *
 * @module
 */
import { DEFAULT_APPROVAL_TIMEOUT_SECONDS } from "../../lib/config.ts";
import { ReasonCode } from "../../lib/contract/reason_codes.ts";
import { quote } from "../../lib/contract/text.ts";
import type { ServicesItem } from "../_shared/items.ts";

/** Prefix of decision ids for requests that may not occupy `<service_id>|<request_id>`. */
export const REJECTED_ID_PREFIX = "rejected|";

/** A `services` item as read (attributes may be missing in hand-written records). */
export type ServiceRecord = ServicesItem;

/** The decision id of a verified, fresh, first-seen request (also its replay key). */
export function decisionIdFor(serviceId: string, requestId: string): string {
  return `${serviceId}|${requestId}`;
}

/** The decision id of a request that must not occupy a real request's id. */
export function rejectedDecisionId(executionId: string): string {
  return `${REJECTED_ID_PREFIX}${executionId}`;
}

/** Result of {@linkcode findKey}. */
export type KeyLookup =
  | { ok: true; publicKey: string }
  | {
    ok: false;
    code: typeof ReasonCode.unknown_key | typeof ReasonCode.key_expired;
    detail: string;
  };

/**
 * Picks the service's key with `keyId`. `not_after` is Unix milliseconds; 0 or missing means the
 * key does not expire; at exactly `not_after` the key is still valid.
 */
export function findKey(service: ServiceRecord, keyId: string, nowMs: number): KeyLookup {
  const serviceId = service.id ?? "";
  const key = (service.public_keys ?? []).find((entry) => entry?.key_id === keyId);
  if (!key || typeof key.public_key !== "string" || key.public_key === "") {
    return {
      ok: false,
      code: ReasonCode.unknown_key,
      detail: `Cannot find key ${quote(keyId)} for service ${quote(serviceId)}: ` +
        "it is not registered (check key_id, or register the public key)",
    };
  }
  const notAfter = key.not_after ?? 0;
  if (typeof notAfter === "number" && notAfter > 0 && nowMs > notAfter) {
    return {
      ok: false,
      code: ReasonCode.key_expired,
      detail: `Cannot use key ${quote(keyId)} of service ${quote(serviceId)}: it expired at ` +
        `${new Date(notAfter).toISOString()} (not_after); sign with the service's current key`,
    };
  }
  return { ok: true, publicKey: key.public_key };
}

/** The service configuration outputs of `verify_request` (only once the signature verified). */
export interface ServiceConfigOutputs {
  service_name?: string;
  service_owner?: string;
  approver_users?: string[];
  approver_usergroup?: string;
  approvals_required?: number;
  approval_channel?: string;
  watcher_channel?: string;
  callback_url?: string;
  approval_timeout_seconds?: number;
}

/**
 * Copies the service's configuration into outputs, dropping missing and empty values so that
 * Slack never receives an empty string for a `user_id`/`channel_id` output.
 *
 * @param withCallback false for replays and requests outside the time window: the caller must
 *   not be sent a second, contradicting decision for a request id.
 */
export function serviceConfigOutputs(
  service: ServiceRecord,
  withCallback: boolean,
): ServiceConfigOutputs {
  const text = (value: unknown) => typeof value === "string" && value !== "" ? value : undefined;
  const positive = (value: unknown) =>
    typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
  const outputs: ServiceConfigOutputs = {
    service_name: text(service.display_name) ?? text(service.id),
    service_owner: text(service.owner),
    approver_users: Array.isArray(service.approver_users)
      ? service.approver_users.filter((user) => typeof user === "string" && user !== "")
      : undefined,
    approver_usergroup: text(service.approver_usergroup),
    approvals_required: positive(service.approvals_required),
    approval_channel: text(service.approval_channel),
    watcher_channel: text(service.watcher_channel),
    callback_url: withCallback ? text(service.callback_url) : undefined,
    approval_timeout_seconds: positive(service.approval_timeout_seconds) ??
      DEFAULT_APPROVAL_TIMEOUT_SECONDS,
  };
  return dropUndefined(outputs);
}

/** Removes keys whose value is `undefined`, so outputs only carry what is known. */
export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as T;
}
