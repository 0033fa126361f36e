import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { overloadable, withSlackRetry } from "../_shared/slack_retry.ts";
import { verifyOverloaded } from "./overloaded.ts";
import { VerifyRequestFunction } from "./definition.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { Services } from "../../datastores/services.ts";
import { importPublicKey } from "../../lib/keys/ed25519.ts";
import { checkTimestamp } from "../../lib/contract/timestamp.ts";
import { ReasonCode } from "../../lib/contract/reason_codes.ts";
import { quote } from "../../lib/contract/text.ts";
import { validateRequest } from "../../lib/contract/validate.ts";
import { verifySignature } from "../../lib/contract/signature.ts";
import { checkAllowLists } from "../../lib/policy/allow_lists.ts";
import {
  decisionIdFor,
  dropUndefined,
  findKey,
  rejectedDecisionId,
  type ServiceConfigOutputs,
  serviceConfigOutputs,
  type ServiceRecord,
} from "./checks.ts";
import { findClaimConflict } from "../../lib/oidc/conflict.ts";
import { type CheckedToken, checkToken, consumeToken, identityMethod } from "./_oidc.ts";
import { withdrawRequest } from "./_withdraw.ts";
import { canonicalString } from "../../lib/contract/canonical.ts";
import { requestDigest } from "../../lib/oidc/binding.ts";

/**
 * Verifies a caller's request in the contract's order (fields, service, key and signature and/or
 * OIDC token, time window, replay, token single use, request–token conflicts, allow-lists) and reports `verified` or
 * `rejected` with a reason code. Caller input never fails the function; only a failing Slack API
 * call does.
 */
const verify = SlackFunction(VerifyRequestFunction, async ({ inputs, client, event, env }) => {
  client = withSlackRetry(client);
  const now = Date.now();
  const executionId = event?.function_execution_id ?? `unknown-${now}`;
  const reject = (
    code: ReasonCode,
    detail: string,
    extra:
      & {
        decision_id?: string;
        signature_verified?: boolean;
        identity_method?: string;
        verified_claims?: string;
        request_digest?: string;
        artifact_digest?: string;
        verified_facts?: string;
      }
      & ServiceConfigOutputs = {},
  ) => ({
    outputs: dropUndefined({
      verdict: "rejected",
      decision_id: rejectedDecisionId(executionId),
      reason_code: code,
      reason_detail: detail,
      signature_verified: false,
      requested_at: now,
      ...extra,
    }),
  });

  const validation = validateRequest(inputs as Record<string, unknown>);
  if (!validation.ok) return reject(validation.code, validation.detail);
  const request = validation.request;

  let service: ServiceRecord;
  try {
    const found = await client.apps.datastore.get<typeof Services.definition>({
      datastore: Services.name,
      id: request.service_id,
    });
    if (!found.ok) {
      return { error: `Cannot look up service ${quote(request.service_id)}: ${found.error}` };
    }
    service = (found.item ?? {}) as ServiceRecord;
  } catch (err) {
    return { error: `Cannot look up service ${quote(request.service_id)}: ${message(err)}` };
  }
  if (!service.id) {
    return reject(
      ReasonCode.unknown_service,
      `Cannot find service ${quote(request.service_id)}: no service is registered with this id`,
    );
  }
  if (service.status !== "active") {
    return reject(
      ReasonCode.service_disabled,
      `Cannot accept requests from service ${quote(request.service_id)}: its status is ` +
        `${quote(String(service.status ?? "(none)"))}, not "active"`,
    );
  }

  // Validation guarantees a signature, a token, or both; each one present must verify.
  const signed = request.signature !== "";
  if (signed) {
    const key = findKey(service, request.key_id, now);
    if (!key.ok) return reject(key.code, key.detail);
    let publicKey: CryptoKey;
    try {
      publicKey = (await importPublicKey(key.publicKey)).key;
    } catch (err) {
      // A registration mistake, not the caller's: say so without echoing the stored key.
      return reject(
        ReasonCode.unknown_key,
        `Cannot use key ${quote(request.key_id)} of service ${quote(request.service_id)}: the ` +
          `registered public key is unusable (${
            message(err)
          }); ask the service owner to re-register it`,
      );
    }
    if (!await verifySignature(request, publicKey)) {
      return reject(
        ReasonCode.bad_signature,
        `Cannot verify the signature of request ${quote(request.request_id)} with key ` +
          `${quote(request.key_id)}: it does not match the countersign-v1 canonical string ` +
          "(check the field values, their order and the key)",
      );
    }
  }
  let oidc: CheckedToken | undefined;
  if (request.oidc_token) {
    const checked = await checkToken(request, service, env);
    if (!checked.ok) return reject(checked.code, checked.detail);
    oidc = checked.checked;
  }
  // The caller proved who it is: from here on the request's digest (the bytes it signed or
  // bound its token to) and the artifact it named are recorded and attested.
  const identity = {
    identity_method: identityMethod(signed, oidc !== undefined),
    verified_claims: oidc?.claimsJson,
    request_digest: await requestDigest(canonicalString(request)),
    artifact_digest: request.artifact_digest,
    verified_facts: oidc?.factsJson,
  };

  // The caller proved who it is. A stale or replayed request still never gets the real decision
  // id nor the callback: it must not overwrite, or contradict, the original request's decision.
  const signedButRefused = {
    signature_verified: true,
    ...serviceConfigOutputs(service, false),
    ...identity,
  };
  const window = checkTimestamp(request.timestamp, now);
  if (!window.ok) return reject(window.code, window.detail, signedButRefused);

  const decisionId = decisionIdFor(request.service_id, request.request_id);
  try {
    const previous = await client.apps.datastore.get<typeof Decisions.definition>({
      datastore: Decisions.name,
      id: decisionId,
    });
    if (!previous.ok) {
      return { error: `Cannot check request ${quote(decisionId)} for replay: ${previous.error}` };
    }
    if (previous.item?.id) {
      return reject(
        ReasonCode.replayed_request,
        `Cannot accept request ${quote(request.request_id)} again: service ` +
          `${quote(request.service_id)} already sent it; use a new request_id for every request`,
        signedButRefused,
      );
    }
  } catch (err) {
    return { error: `Cannot check request ${quote(decisionId)} for replay: ${message(err)}` };
  }

  if (oidc) {
    // A token not bound to this request's digest is only good once: a captured, already used
    // token replayed with another request_id is refused here (docs/oidc.md).
    let used: Awaited<ReturnType<typeof consumeToken>>;
    try {
      used = await consumeToken(client, oidc, decisionId, now);
    } catch (err) {
      return { error: `Cannot record the OIDC token's use: ${message(err)}` };
    }
    if ("error" in used) return { error: used.error };
    if (!used.ok) return reject(used.code, used.detail, { verified_claims: oidc.claimsJson });
  }

  const config = { ...serviceConfigOutputs(service, true), ...identity };
  const clash = oidc && findClaimConflict(request, oidc.token.claims, oidc.token.attribution);
  if (clash) {
    // The caller is who it says, but its request contradicts its own token: decided and told.
    return reject(ReasonCode.oidc_claim_conflict, clash.detail, {
      decision_id: decisionId,
      signature_verified: true,
      ...config,
    });
  }
  if (request.withdraw) {
    // Authenticated like a request; allow-lists are about what may be asked, not withdrawn.
    const done = await withdrawRequest(client, env, {
      serviceId: request.service_id,
      withdrawRequestId: request.request_id,
      target: request.withdraw,
      callbackUrl: service.callback_url,
      watcherChannel: service.watcher_channel,
      now,
    });
    if ("error" in done) return { error: done.error };
    // Recorded under its own id (a replay is refused); no callback: the target's is the answer.
    return reject(done.code, done.detail, { decision_id: decisionId, ...config });
  }
  const allowed = checkAllowLists(service, request, request.service_id);
  if (!allowed.ok) {
    return reject(allowed.code, allowed.detail, {
      decision_id: decisionId,
      signature_verified: true,
      ...config,
    });
  }
  if (request.break_glass && service.break_glass !== true) {
    return reject(
      ReasonCode.break_glass_not_allowed,
      `Cannot break glass: bot ${quote(request.service_id)} is not registered for break-glass ` +
        "(an admin sets Break-glass: allowed on the bot); send the request without break_glass " +
        "to ask its approvers",
      { decision_id: decisionId, signature_verified: true, ...config },
    );
  }
  return {
    outputs: dropUndefined({
      verdict: "verified",
      decision_id: decisionId,
      reason_code: "",
      reason_detail: "",
      signature_verified: true,
      requested_at: now,
      break_glass: request.break_glass,
      ...config,
    }),
  };
});

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// Rate-limited past its budget, the step ends `overloaded` and the run records that.
export default overloadable(verify, verifyOverloaded);
