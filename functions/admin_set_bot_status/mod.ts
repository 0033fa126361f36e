import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminSetBotStatusFunction } from "./definition.ts";
import type { ServiceItem } from "../../lib/admin/bot.ts";
import { checkText } from "../../lib/admin/fields.ts";
import {
  type AdminAttempt,
  checkAdmin,
  failure,
  finish,
  invalid,
  readService,
  writeService,
} from "../_shared/admin.ts";
import { quote } from "../../lib/contract/text.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { endRevokedRequests, revocationText } from "../request_approval/revoke.ts";

/** Sets `status` to active or disabled; refuses a no-op; records the reason. */
export default SlackFunction(AdminSetBotStatusFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const id = (inputs.service_id ?? "").trim();
  const status = inputs.status;
  const enabling = status === "active";
  const attempt: AdminAttempt = {
    client,
    env,
    actor: inputs.actor,
    action: enabling ? "enable_bot" : "disable_bot",
    label: `${enabling ? "enable" : "disable"} bot${id ? ` ${quote(id)}` : ""}`,
    targetType: "bot",
    targetId: id,
  };
  const admin = await checkAdmin(attempt);
  if (!admin.ok) return admin.done;
  if (!id) return await invalid(attempt, "bot id is required");
  if (status !== "active" && status !== "disabled") {
    return await invalid(
      attempt,
      `status ${quote(String(status ?? ""))} is not "disabled" or "active"`,
    );
  }
  const reason = (inputs.reason ?? "").trim();
  if (reason) {
    const problem = checkText("reason", reason, 500);
    if (problem) return await invalid(attempt, problem);
  }

  let before: ServiceItem | undefined;
  try {
    before = await readService(client, id);
  } catch (error) {
    return failure(attempt.label, "reading the services datastore", error);
  }
  if (!before) return await invalid(attempt, "no bot is registered with this id");
  if (before.status === status) return await invalid(attempt, `the bot is already ${status}`);

  const item: ServiceItem = { ...before, status, updated_by: inputs.actor, updated_at: Date.now() };
  try {
    await writeService(client, item);
  } catch (error) {
    return failure(attempt.label, "writing the services datastore", error);
  }
  const effect = enabling
    ? "its requests are accepted again"
    : "its requests are now rejected (service_disabled)";
  // Disabling bites at once: the bot's pending requests end too (the sweep ends any left over).
  const ended = enabling
    ? ""
    : revocationText(await endRevokedRequests(client, env, item, inputs.actor), "service_disabled");
  return await finish(attempt, {
    result: "applied",
    detail: `${enabling ? "Enabled" : "Disabled"} bot ${quote(id)}: ${effect}${ended}` +
      (reason ? `. Reason: ${reason}` : ""),
    before: before as unknown as Record<string, unknown>,
    after: item as unknown as Record<string, unknown>,
  });
});
