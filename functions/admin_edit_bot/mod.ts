import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminEditBotFunction } from "./definition.ts";
import { applySettings, clearSettings, parseClear, type ServiceItem } from "../../lib/admin/bot.ts";
import { changedNames, diffItems } from "../../lib/admin/diff.ts";
import { identityProblem } from "../../lib/admin/oidc.ts";
import {
  type AdminAttempt,
  extraDomains,
  failure,
  finish,
  invalid,
  slackLookups,
  writeService,
} from "../_shared/admin.ts";
import { approversProblem } from "../../lib/admin/people.ts";
import { quote } from "../../lib/contract/text.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { openBotAttempt } from "../_shared/admin_attempt.ts";

/** Applies the given settings to an existing bot, re-checks its approvers, records the diff. */
export default SlackFunction(AdminEditBotFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const id = (inputs.service_id ?? "").trim();
  const attempt: AdminAttempt = {
    client,
    env,
    actor: inputs.actor,
    action: "edit_bot",
    label: id ? `edit bot ${quote(id)}` : "edit bot",
    targetType: "bot",
    targetId: id,
  };
  const opened = await openBotAttempt(attempt);
  if (!opened.ok) return opened.done;
  const before = opened.before;
  const clear = parseClear(inputs.clear);
  if (!clear.ok) return await invalid(attempt, clear.error);
  const built = applySettings(before, inputs, { extraDomains: extraDomains(env) }, false);
  if (!built.ok) return await invalid(attempt, built.error);
  const after = clearSettings(built.item, clear.fields);
  const changes = diffItems(
    before as unknown as Record<string, unknown>,
    after as unknown as Record<string, unknown>,
  );
  if (changes.length === 0) {
    return await invalid(attempt, "nothing to change: every given setting equals the current one");
  }
  const identity = identityProblem(after);
  if (identity) return await invalid(attempt, identity);
  const approvers = await approversProblem(after, slackLookups(client));
  if (approvers) return await invalid(attempt, approvers);

  const item: ServiceItem = { ...after, updated_by: inputs.actor, updated_at: Date.now() };
  try {
    await writeService(client, item);
  } catch (error) {
    return failure(attempt.label, "writing the services datastore", error);
  }
  return await finish(attempt, {
    result: "applied",
    detail: `Edited bot ${quote(id)}: changed ${changedNames(changes)}`,
    before: before as unknown as Record<string, unknown>,
    after: item as unknown as Record<string, unknown>,
  });
});
