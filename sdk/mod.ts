/**
 * Countersign caller SDK: sign a request, send it to the webhook trigger, wait for the decision
 * through a decision relay, and verify decision callbacks. Web-standard APIs only (`fetch`, Web
 * Crypto), so it runs on Deno and on Node (see docs/sdk.md).
 *
 * @example
 * ```ts
 * import { send, sign, waitForDecision } from "./sdk/mod.ts";
 * const identity = { serviceId: "deploy-bot", keyId: "k1", privateKey: pem };
 * const request = await sign(identity, { action: "deploy", resource: "api#1",
 *   environment: "production", reason: "Release 1" });
 * await send(WEBHOOK_URL, request);
 * const result = await waitForDecision({ relayUrl, identity, appPublicKey,
 *   requestId: request.request_id, timeoutMs: 600_000 });
 * if (result.status === "decided" && isApproved(result.outcome)) deploy();
 * ```
 *
 * @module
 */
import {
  type ContractRequest,
  signedRequest,
  type UnsignedRequest,
  validateRequest,
} from "../lib/contract/mod.ts";
import { type CallbackPayload, verifyCallback } from "../lib/callback/mod.ts";
import { ID, type ServiceIdentity, signRead } from "./relay_auth.ts";
import { describeFetchError } from "../lib/http_error.ts";

export { type CallbackPayload, verifyCallback } from "../lib/callback/mod.ts";
export { type ServiceIdentity, signRead } from "./relay_auth.ts";

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

/** A verified final decision. */
export interface Decided {
  status: "decided";
  outcome: string;
  reason_code: string;
  denial_reason: string;
  decided_by: string[];
  decided_at: number;
  decision_id: string;
  request_id: string;
  service_id: string;
  /** The whole verified callback payload. */
  payload: CallbackPayload;
}

/** Not decided (yet) when the wait ended: the request stays pending. */
export interface Pending {
  status: "pending";
  decision_id: string;
}

/** True for the two outcomes that mean "go ahead". */
export function isApproved(outcome: string): boolean {
  return outcome === "approved" || outcome === "auto_approved";
}

/** A raw stored callback, as a relay returns it. */
export interface RawCallback {
  headers: Record<string, string>;
  body: string;
}

/**
 * Verifies a stored callback for this service and request with the app's public key(s): the relay
 * (or anyone in between) is trusted for availability only. A request has one decision, so a
 * stored callback's age is not limited here; its signature, service and request id are.
 *
 * @throws {Error} `Cannot trust the decision: …` when it is not the app's, or not this request's.
 */
export async function verifyStoredCallback(
  raw: RawCallback,
  appPublicKeys: readonly string[],
  serviceId: string,
  requestId: string,
): Promise<Decided> {
  let reason = "no app public key configured";
  for (const key of appPublicKeys) {
    const result = await verifyCallback(key, raw.headers ?? {}, String(raw.body ?? ""), {
      service: serviceId,
      maxSkewMs: Number.MAX_SAFE_INTEGER,
    });
    if (!result.ok) {
      reason = result.reason;
      continue;
    }
    const p = result.payload;
    if (p.request_id !== requestId) {
      throw new Error(
        `Cannot trust the decision: it is for request "${
          String(p.request_id).slice(0, 130)
        }", not "${requestId}"`,
      );
    }
    return {
      status: "decided",
      outcome: String(p.outcome),
      reason_code: String(p.reason_code ?? ""),
      denial_reason: String(p.denial_reason ?? ""),
      decided_by: Array.isArray(p.decided_by) ? p.decided_by.map(String) : [],
      decided_at: Number(p.decided_at) || 0,
      decision_id: String(p.decision_id),
      request_id: p.request_id,
      service_id: p.service_id,
      payload: p,
    };
  }
  throw new Error(`Cannot trust the decision: ${reason}`);
}

/** Options of {@link waitForDecision}. */
export interface WaitOptions {
  /** Base URL of the decision relay, e.g. `https://relay.example.com`. */
  relayUrl: string;
  identity: ServiceIdentity;
  requestId: string;
  /** The app's raw base64 public key; several during a key rotation. */
  appPublicKey: string | readonly string[];
  /** How long to wait in all (0: one immediate read). */
  timeoutMs: number;
  /** Longest single long-poll, seconds (default 25; the relay may cap it lower). */
  pollSeconds?: number;
  /** Stops waiting (e.g. Ctrl+C): resolves as pending. */
  signal?: AbortSignal;
  /** Clock, Unix ms (tests). */
  now?: () => number;
}

/** Where a service's decision lives on the relay. */
export function decisionPath(serviceId: string, requestId: string): string {
  return `/v1/decisions/${encodeURIComponent(serviceId)}/${encodeURIComponent(requestId)}`;
}

const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

/**
 * Waits for the decision of `requestId` through the relay with signed long-polls, and verifies
 * it. Network errors and 5xx answers (a relay restarting) are retried until the time is up.
 *
 * @throws {Error} `Cannot wait for decision: …` when the relay refuses the read (4xx), or
 * `Cannot trust the decision: …` when what it returns is not the app's decision for this request.
 */
export async function waitForDecision(options: WaitOptions): Promise<Decided | Pending> {
  const { identity, requestId, signal } = options;
  const now = options.now ?? Date.now;
  if (!ID.test(requestId)) throw new Error(`Cannot wait for decision: bad request id`);
  const keys = typeof options.appPublicKey === "string"
    ? [options.appPublicKey]
    : options.appPublicKey;
  const base = options.relayUrl.replace(/\/+$/, "");
  const url = base + decisionPath(identity.serviceId, requestId);
  const pending: Pending = {
    status: "pending",
    decision_id: `${identity.serviceId}|${requestId}`,
  };
  const deadline = now() + Math.max(0, options.timeoutMs);
  let backoff = 250;
  for (let first = true;; first = false) {
    const left = deadline - now();
    if (signal?.aborted || (!first && left <= 0)) return pending;
    const wait = Math.max(0, Math.min(options.pollSeconds ?? 25, Math.floor(left / 1000)));
    let res: Response;
    try {
      const headers = await signRead(identity, requestId, now());
      const timeout = AbortSignal.timeout((wait + 15) * 1000);
      res = await fetch(`${url}?wait=${wait}`, {
        headers,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) return pending;
      if (deadline - now() <= 0) {
        throw new Error(
          `Cannot wait for decision: relay ${describeFetchError(error, url)}`,
        );
      }
      await pause(Math.min(backoff, Math.max(0, deadline - now())), signal);
      backoff = Math.min(backoff * 2, 5000);
      continue;
    }
    const text = await res.text();
    if (res.status >= 500 || res.status === 429) {
      await pause(Math.min(backoff, Math.max(0, deadline - now())), signal);
      backoff = Math.min(backoff * 2, 5000);
      continue;
    }
    backoff = 250;
    let answer: { status?: string; error?: string; callback?: RawCallback };
    try {
      answer = JSON.parse(text);
    } catch {
      throw new Error(`Cannot wait for decision: relay answered HTTP ${res.status}, not JSON`);
    }
    if (!res.ok) {
      throw new Error(
        `Cannot wait for decision: relay refused (HTTP ${res.status}): ${
          String(answer.error ?? "").slice(0, 300)
        }`,
      );
    }
    if (answer.status === "decided" && answer.callback) {
      return await verifyStoredCallback(answer.callback, keys, identity.serviceId, requestId);
    }
    if (answer.status !== "pending") {
      throw new Error(`Cannot wait for decision: relay answered an unknown status`);
    }
  }
}
