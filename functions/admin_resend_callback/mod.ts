import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminResendCallbackFunction } from "./definition.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { checkText } from "../../lib/admin/fields.ts";
import {
  type AdminAttempt,
  checkAdmin,
  failure,
  finish,
  invalid,
  readService,
} from "../_shared/admin.ts";
import { isSealedBy } from "../../lib/audit/seal.ts";
import { appSigningKey, withRecordSeal } from "../_shared/seal.ts";
import { quote } from "../../lib/contract/text.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { sendCallback } from "../notify_caller/send.ts";

/** Callback states an admin may resend: the caller never got the decision. */
export const RESENDABLE = ["failed", "refused"] as const;

const DELIVERY = ["callback_status", "callback_attempts", "callback_detail"] as const;
const delivery = (r: Record<string, unknown>) =>
  Object.fromEntries(DELIVERY.map((k) => [k, r[k]]).filter(([, v]) => v !== undefined));

/**
 * Resends the callback of a final decision whose delivery failed or was refused, to the bot's
 * current callback URL (it may have been fixed since). Only a record that still carries the app's
 * seal is resent: an edited record must never go out signed as the app's decision.
 */
export default SlackFunction(AdminResendCallbackFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const id = (inputs.decision_id ?? "").trim();
  const attempt: AdminAttempt = {
    client,
    env,
    actor: inputs.actor,
    action: "resend_callback",
    label: `resend the callback of decision${id ? ` ${quote(id)}` : ""}`,
    targetType: "decision",
    targetId: id,
  };
  const admin = await checkAdmin(attempt);
  if (!admin.ok) return admin.done;
  if (!id) return await invalid(attempt, "decision id is required");
  const idProblem = checkText("decision id", id, 200);
  if (idProblem) return await invalid(attempt, idProblem);
  const reason = (inputs.reason ?? "").trim();
  if (reason) {
    const problem = checkText("reason", reason, 500);
    if (problem) return await invalid(attempt, problem);
  }

  const found = await client.apps.datastore.get<typeof Decisions.definition>({
    datastore: Decisions.name,
    id,
  });
  if (!found.ok) return failure(attempt.label, "reading the decisions datastore", found.error);
  const record = found.item?.id ? found.item as Record<string, unknown> : undefined;
  if (!record) return await invalid(attempt, "no decision has this id");
  if (record.status !== "final") {
    return await invalid(attempt, "it is still pending: its callback is sent when it is decided");
  }
  const status = String(record.callback_status ?? "");
  if (!(RESENDABLE as readonly string[]).includes(status)) {
    return await invalid(
      attempt,
      `its callback is ${quote(status || "(none)")}; only a failed or refused callback is resent`,
      delivery(record),
    );
  }
  const key = await appSigningKey(env);
  if ("error" in key) return failure(attempt.label, "loading the app's key", key.error);
  if (!await isSealedBy(key.key, Decisions.name, record)) {
    return await invalid(
      attempt,
      "the stored record does not carry the app's seal (edited outside the app?); not resending",
    );
  }
  let service;
  try {
    service = await readService(client, String(record.service_id ?? ""));
  } catch (error) {
    return failure(attempt.label, "reading the services datastore", error);
  }
  const url = String(service?.callback_url ?? "").trim();
  if (!url) return await invalid(attempt, "the bot has no callback URL now");

  const sent = await sendCallback(env, url, {
    service_id: String(record.service_id ?? ""),
    request_id: String(record.request_id ?? ""),
    decision_id: id,
    outcome: String(record.outcome ?? ""),
    reason_code: String(record.reason_code ?? ""),
    decided_by: Array.isArray(record.decided_by) ? record.decided_by.map(String) : [],
    decided_at: Number(record.decided_at) || 0,
    denial_reason: String(record.denial_reason ?? ""),
  });
  const after: Record<string, unknown> = {
    ...record,
    callback_status: sent.status,
    callback_attempts: Number(record.callback_attempts ?? 0) + sent.attempts,
    callback_detail: `Resent by ${inputs.actor ?? "an admin"}: ${sent.detail}`.slice(0, 500),
  };
  const sealed = await withRecordSeal(env, Decisions.name, after, "admin_resend_callback");
  const put = await client.apps.datastore.put<typeof Decisions.definition>({
    datastore: Decisions.name,
    item: sealed as typeof sealed & { id: string },
  });
  if (!put.ok) {
    return failure(attempt.label, "writing the decisions datastore", put.error);
  }
  const result = sent.status === "delivered"
    ? "delivered"
    : `not delivered again (${sent.status}: ${sent.detail})`;
  return await finish(attempt, {
    result: "applied",
    detail: `Resent the callback of decision ${quote(id)}: ${result}` +
      (reason ? `. Reason: ${reason}` : ""),
    before: delivery(record),
    after: delivery(after),
  });
});
