import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminRegisterBotFunction } from "./definition.ts";
import { applySettings, type ServiceItem } from "../../lib/admin/bot.ts";
import { checkId } from "../../lib/admin/fields.ts";
import { identityProblem } from "../../lib/admin/oidc.ts";
import { readPublicKey } from "../../lib/admin/public_key.ts";
import {
  type AdminAttempt,
  checkAdmin,
  extraDomains,
  failure,
  finish,
  invalid,
  readService,
  slackLookups,
  writeService,
} from "../_shared/admin.ts";
import { approversProblem } from "../../lib/admin/people.ts";
import { quote } from "../../lib/contract/text.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";

/**
 * Validates a registration, refuses an existing id, writes the bot active with its key. A bot
 * with an OIDC issuer and claim patterns may have no key (`verify_request` accepts a token alone).
 */
export default SlackFunction(AdminRegisterBotFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
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
  const keyText = (inputs.public_key ?? "").trim();
  const keyless = keyText === "" && (inputs.oidc_issuer ?? "").trim() !== "";
  let publicKeys: ServiceItem["public_keys"] = [];
  let keyId = "";
  if (keyless) {
    if ((inputs.key_id ?? "").trim() !== "") {
      return await invalid(attempt, "a key id is given without a public key");
    }
  } else {
    const key = await readPublicKey(inputs.public_key ?? "");
    if (!key.ok) {
      const hint = keyText === ""
        ? " (give one, or an OIDC issuer and claims for a keyless bot)"
        : "";
      return await invalid(attempt, key.error + hint);
    }
    keyId = (inputs.key_id ?? "").trim() || `${id}-1`;
    const keyProblem = checkId("key id", keyId);
    if (keyProblem) return await invalid(attempt, keyProblem);
    publicKeys = [{ key_id: keyId, public_key: key.raw, not_after: 0 }];
  }
  const built = applySettings({ id }, inputs, { extraDomains: extraDomains(env) }, true);
  if (!built.ok) return await invalid(attempt, built.error);
  const identity = identityProblem({ ...built.item, public_keys: publicKeys });
  if (identity) return await invalid(attempt, identity);

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
  const approvers = await approversProblem(built.item, slackLookups(client));
  if (approvers) return await invalid(attempt, approvers);

  const now = Date.now();
  const item: ServiceItem = {
    ...built.item,
    public_keys: publicKeys,
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
  const proof = [
    ...(keyId ? [`key ${quote(keyId)}`] : []),
    ...(item.oidc_issuer ? [`OIDC issuer ${quote(item.oidc_issuer, 200)}`] : []),
  ].join(" and ");
  return await finish(attempt, {
    result: "applied",
    detail: `Registered bot ${quote(id)} (${quote(item.display_name ?? "")}) with ${proof}; ` +
      `it needs ${item.approvals_required} approval(s) and may send requests now`,
    after: item as unknown as Record<string, unknown>,
  });
});
