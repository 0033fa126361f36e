import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminRegisterBotFunction } from "./definition.ts";
import { applySettings, type ServiceItem } from "../../lib/admin/bot.ts";
import { checkId } from "../../lib/admin/fields.ts";
import { readPublicKey } from "../../lib/admin/public_key.ts";
import {
  type AdminAttempt,
  approversProblem,
  checkAdmin,
  extraDomains,
  failure,
  finish,
  invalid,
  readService,
  writeService,
} from "../../lib/admin/slack.ts";
import { quote } from "../../lib/contract/text.ts";

/** Validates a registration, refuses an existing id, writes the bot active with its key. */
export default SlackFunction(AdminRegisterBotFunction, async ({ inputs, client, env }) => {
  const id = (inputs.service_id ?? "").trim();
  const attempt: AdminAttempt = {
    client,
    env,
    actor: inputs.actor,
    action: "register_bot",
    label: id ? `register bot ${quote(id)}` : "register bot",
    targetType: "bot",
    targetId: id,
  };
  const admin = await checkAdmin(attempt);
  if (!admin.ok) return admin.done;

  if (!id) return await invalid(attempt, "bot id is required");
  const idProblem = checkId("bot id", id);
  if (idProblem) return await invalid(attempt, idProblem);
  const key = await readPublicKey(inputs.public_key ?? "");
  if (!key.ok) return await invalid(attempt, key.error);
  const keyId = (inputs.key_id ?? "").trim() || `${id}-1`;
  const keyProblem = checkId("key id", keyId);
  if (keyProblem) return await invalid(attempt, keyProblem);
  const built = applySettings({ id }, inputs, { extraDomains: extraDomains(env) }, true);
  if (!built.ok) return await invalid(attempt, built.error);

  let existing: ServiceItem | undefined;
  try {
    existing = await readService(client, id);
  } catch (error) {
    return failure(attempt.label, "reading the services datastore", error);
  }
  if (existing) {
    return await invalid(
      attempt,
      "a bot with this id is already registered (use Edit bot or Rotate key to change it)",
    );
  }
  const approvers = await approversProblem(client, built.item);
  if (approvers) return await invalid(attempt, approvers);

  const now = Date.now();
  const item: ServiceItem = {
    ...built.item,
    public_keys: [{ key_id: keyId, public_key: key.raw, not_after: 0 }],
    status: "active",
    created_by: inputs.actor,
    created_at: now,
    updated_by: inputs.actor,
    updated_at: now,
  };
  try {
    await writeService(client, item);
  } catch (error) {
    return failure(attempt.label, "writing the services datastore", error);
  }
  return await finish(attempt, {
    result: "applied",
    detail: `Registered bot ${quote(id)} (${quote(item.display_name ?? "")}) with key ` +
      `${quote(keyId)}; it needs ${item.approvals_required} approval(s) and may send requests now`,
    after: item as unknown as Record<string, unknown>,
  });
});
