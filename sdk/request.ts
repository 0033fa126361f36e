/**
 * The request side of the caller SDK: sign a request, send it to the webhook trigger, withdraw it.
 *
 * @module
 */
import {
  type ContractRequest,
  signedRequest,
  type UnsignedRequest,
  validateRequest,
} from "../lib/contract/mod.ts";
import { type ServiceIdentity } from "./relay_auth.ts";
import { describeFetchError } from "../lib/http_error.ts";

/** What a caller describes; the SDK fills in ids, timestamp and defaults. */
export interface RequestFields {
  action: string;
  resource: string;
  environment: string;
  reason: string;
  triggered_by?: string;
  source_system?: string;
  source_url?: string;
  /** `k=v&k2=v2`, as in the contract. */
  conditions?: string;
  /** Default: a random UUID. */
  request_id?: string;
  /** Only for a withdraw request: the request_id to withdraw (see {@link withdraw}). */
  withdraw?: string;
  /**
   * What the request is about, `sha256:<64 lower-case hex>` (e.g. a container image digest):
   * signed, recorded, and a subject of the approval attestation.
   */
  artifact_digest?: string;
  /** Break-glass justification; only for bots registered for it (docs/trust_model.md). */
  break_glass?: string;
}

/**
 * Builds and signs a request with the service's key.
 *
 * @throws {Error} `Cannot sign request: field "<f>" …` when the contract would refuse it.
 */
export async function sign(
  identity: ServiceIdentity,
  fields: RequestFields,
  nowMs: number = Date.now(),
): Promise<ContractRequest> {
  const unsigned: UnsignedRequest = {
    service_id: identity.serviceId,
    key_id: identity.keyId,
    request_id: fields.request_id ?? crypto.randomUUID(),
    timestamp: String(Math.floor(nowMs / 1000)),
    action: fields.action,
    resource: fields.resource,
    environment: fields.environment,
    reason: fields.reason,
    triggered_by: fields.triggered_by ?? "",
    source_system: fields.source_system ?? "countersign-sdk",
    source_url: fields.source_url ?? "",
    conditions: fields.conditions ?? "",
    ...(fields.withdraw ? { withdraw: fields.withdraw } : {}),
    ...(fields.artifact_digest ? { artifact_digest: fields.artifact_digest } : {}),
    ...(fields.break_glass ? { break_glass: fields.break_glass } : {}),
  };
  const request = await signedRequest(unsigned, identity.privateKey);
  const checked = validateRequest(request as unknown as Record<string, unknown>);
  if (!checked.ok) throw new Error(`Cannot sign request: ${checked.detail}`);
  return request;
}

/**
 * POSTs a signed request (or a keyless one with `oidc_token`) to the webhook trigger.
 *
 * @throws {Error} `Cannot send request: …` on a network error or a non-2xx answer.
 */
export async function send(
  webhookUrl: string,
  request: Record<string, unknown>,
): Promise<{ status: number; text: string }> {
  let res: Response;
  try {
    res = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
  } catch (error) {
    throw new Error(`Cannot send request: ${describeFetchError(error, webhookUrl)}`);
  }
  const text = (await res.text()).slice(0, 4000);
  if (!res.ok) throw new Error(`Cannot send request: HTTP ${res.status} ${text}`);
  return { status: res.status, text };
}

/** Options of {@link withdraw}. */
export interface WithdrawOptions {
  /** Why (recorded on the withdraw request). Default: "Withdrawn by the caller". */
  reason?: string;
  /** The withdraw request's own id (default: a random UUID); never the target's. */
  request_id?: string;
  /** Unix ms (tests). */
  nowMs?: number;
}

/**
 * The signed request that withdraws this service's pending request `requestId`. Its action,
 * resource and environment only describe it (`countersign:withdraw`, the target, `withdraw`).
 */
export function signWithdraw(
  identity: ServiceIdentity,
  requestId: string,
  options: WithdrawOptions = {},
): Promise<ContractRequest> {
  return sign(identity, {
    action: "countersign:withdraw",
    resource: requestId,
    environment: "withdraw",
    reason: options.reason || "Withdrawn by the caller",
    request_id: options.request_id,
    withdraw: requestId,
  }, options.nowMs);
}

/**
 * Withdraws this service's own pending request `requestId` through the webhook. The answer comes
 * as the target's decision: `withdrawn` when it was still pending, else what it was decided
 * (wait for it with {@link waitForDecision}).
 *
 * @throws {Error} `Cannot sign request: …` or `Cannot send request: …`.
 */
export async function withdraw(
  webhookUrl: string,
  identity: ServiceIdentity,
  requestId: string,
  options: WithdrawOptions = {},
): Promise<ContractRequest> {
  const request = await signWithdraw(identity, requestId, options);
  await send(webhookUrl, request as unknown as Record<string, unknown>);
  return request;
}
