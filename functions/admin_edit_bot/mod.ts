import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminEditBotFunction } from "./definition.ts";
import { applySettings, clearSettings, parseClear } from "../../lib/admin/bot.ts";
import { identityProblem } from "../../lib/admin/oidc.ts";
import { extraDomains, invalid, slackLookups } from "../_shared/admin.ts";
import { approversProblem } from "../../lib/admin/people.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { openBotAttempt } from "../_shared/admin_attempt.ts";
import { save } from "./_save.ts";
import { botAttempt } from "../_shared/admin_form.ts";

/**
 * Applies the given settings to an existing bot (a Workflow Builder step; the link trigger's
 * form is `admin_edit_bot_form`): blank inputs keep the current value, `clear` empties optional
 * settings; re-checks its approvers and records the diff.
 */
export default SlackFunction(AdminEditBotFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const id = (inputs.service_id ?? "").trim();
  const attempt = botAttempt(client, env, inputs.actor, "edit_bot", id);
  const opened = await openBotAttempt(attempt);
  if (!opened.ok) return opened.done;
  const before = opened.before;
  const clear = parseClear(inputs.clear);
  if (!clear.ok) return await invalid(attempt, clear.error);
  const built = applySettings(before, inputs, { extraDomains: extraDomains(env) }, false);
  if (!built.ok) return await invalid(attempt, built.error);
  const after = clearSettings(built.item, clear.fields);
  const identity = identityProblem(after);
  if (identity) return await invalid(attempt, identity);
  const approvers = await approversProblem(after, slackLookups(client));
  if (approvers) return await invalid(attempt, approvers);
  return await save(attempt, before, after);
});
