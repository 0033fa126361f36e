/**
 * Registering a bot, shared by the Workflow Builder step (`admin_register_bot`) and the form
 * (`admin_register_bot_form`): every field checked, then the Web API checks, then the write.
 *
 * @module
 */
import type { ServiceItem } from "../../lib/admin/bot.ts";
import type { BotFormInput } from "../../lib/admin/bot_form.ts";
import { checkBotForm, type FieldErrors } from "../../lib/admin/bot_form_check.ts";
import {
  type AdminAttempt,
  type AdminReturn,
  extraDomains,
  failure,
  finish,
  readService,
  writeService,
} from "../_shared/admin.ts";
import { quote } from "../../lib/contract/text.ts";
import { approverErrors } from "../_shared/admin_form.ts";

/**
 * Checks a registration (every field, then the Web API checks: the id is free, the approvers
 * can work) and writes the bot active. Returns the function's result, or the problems by field
 * (nothing written, nothing recorded yet: the caller records them).
 */
export async function register(
  attempt: AdminAttempt,
  input: BotFormInput,
): Promise<AdminReturn | { errors: FieldErrors }> {
  const { client, env } = attempt;
  const checked = await checkBotForm("register", input, { extraDomains: extraDomains(env) });
  if (!checked.ok) return { errors: checked.errors };
  const id = checked.item.id;
  let existing: ServiceItem | undefined;
  try {
    existing = await readService(client, id);
  } catch (error) {
    return failure(attempt.label, "reading the services datastore", error);
  }
  if (existing) {
    return {
      errors: {
        service_id: `a bot with id ${quote(id)} is already registered (use Edit bot or Rotate ` +
          "key to change it)",
      },
    };
  }
  const approvers = await approverErrors(client, checked.item, "register");
  if (approvers) return { errors: approvers };

  const now = Date.now();
  const item: ServiceItem = {
    ...checked.item,
    status: "active",
    created_by: attempt.actor,
    created_at: now,
    updated_by: attempt.actor,
    updated_at: now,
  };
  try {
    await writeService(client, item);
  } catch (error) {
    return failure(attempt.label, "writing the services datastore", error);
  }
  const proof = [
    ...(checked.keyId ? [`key ${quote(checked.keyId)}`] : []),
    ...(item.oidc_issuer ? [`OIDC issuer ${quote(item.oidc_issuer, 200)}`] : []),
  ].join(" and ");
  return await finish(attempt, {
    result: "applied",
    detail: `Registered bot ${quote(id)} (${quote(item.display_name ?? "")}) with ${proof}; ` +
      `it needs ${item.approvals_required} approval(s) and may send requests now`,
    after: item as unknown as Record<string, unknown>,
  });
}
