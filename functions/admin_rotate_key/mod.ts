import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminRotateKeyFunction } from "./definition.ts";
import { checkNewKeyId, oldKeyText, rotateKeys, type ServiceItem } from "../../lib/admin/bot.ts";
import { checkInteger, MAX_OVERLAP_MINUTES } from "../../lib/admin/fields.ts";
import { readPublicKey } from "../../lib/admin/public_key.ts";
import { type AdminAttempt, failure, finish, invalid, writeService } from "../_shared/admin.ts";
import { quote } from "../../lib/contract/text.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { openBotAttempt } from "../_shared/admin_attempt.ts";
import { endRevokedRequests, revocationText } from "../request_approval/revoke.ts";

/** Default overlap during which old and new key are both accepted. */
const DEFAULT_OVERLAP_MINUTES = 60;

/** Adds the new key and sets `not_after` on the others; records before and after. */
export default SlackFunction(AdminRotateKeyFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const id = (inputs.service_id ?? "").trim();
  const attempt: AdminAttempt = {
    client,
    env,
    actor: inputs.actor,
    action: "rotate_key",
    label: id ? `rotate the key of bot ${quote(id)}` : "rotate a bot key",
    targetType: "bot",
    targetId: id,
  };
  const opened = await openBotAttempt(attempt);
  if (!opened.ok) return opened.done;
  const before = opened.before;
  const key = await readPublicKey(inputs.public_key ?? "");
  if (!key.ok) return await invalid(attempt, key.error);
  const same = (before.public_keys ?? []).find((k) => k.public_key === key.raw);
  if (same) {
    return await invalid(
      attempt,
      `this public key is already registered as key ${quote(same.key_id)}; generate a new pair`,
    );
  }
  const keyId = (inputs.key_id ?? "").trim();
  if (!keyId) return await invalid(attempt, "new key id is required");
  const keyProblem = checkNewKeyId(before, keyId);
  if (keyProblem) return await invalid(attempt, keyProblem);
  const overlap = inputs.overlap_minutes ?? DEFAULT_OVERLAP_MINUTES;
  const overlapProblem = checkInteger("overlap (minutes)", overlap, 0, MAX_OVERLAP_MINUTES);
  if (overlapProblem) return await invalid(attempt, overlapProblem);

  const now = Date.now();
  const rotated = rotateKeys(before, keyId, key.raw, overlap * 60_000, now);
  const item: ServiceItem = { ...rotated, updated_by: inputs.actor, updated_at: now };
  try {
    await writeService(client, item);
  } catch (error) {
    return failure(attempt.label, "writing the services datastore", error);
  }
  const old = (item.public_keys ?? []).filter((k) => k.key_id !== keyId);
  const ends = old.map((k) => oldKeyText(k, now));
  // A key retired now (overlap 0) ends the pending requests it signed; a key whose overlap runs
  // out later is the sweep's to apply.
  const retiredNow = overlap === 0 && old.length > 0;
  const ended = retiredNow
    ? revocationText(
      await endRevokedRequests(client, env, item, inputs.actor, { at: now }),
      "key_retired",
    )
    : "";
  return await finish(attempt, {
    result: "applied",
    detail: `Rotated the key of bot ${quote(id)}: new key ${quote(keyId)} is valid now` +
      (ends.length ? `; old key ${ends.join(", ")}` : "") + ended,
    before: before as unknown as Record<string, unknown>,
    after: item as unknown as Record<string, unknown>,
  });
});
