import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { policySettingsFromEnv } from "../_policy_settings.ts";
import { AdminOverviewFunction } from "./definition.ts";
import { capLines, overviewText } from "../../lib/admin/overview.ts";
import {
  type AdminAttempt,
  checkAdmin,
  failure,
  readPolicies,
  readServices,
} from "../_shared/admin.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";

/** Longest overview sent (a message's text may hold 40,000 characters). */
const OVERVIEW_MAX = 35_000;

/** Reads both datastores through all pages and returns the overview; only refusals are logged. */
export default SlackFunction(AdminOverviewFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const attempt: AdminAttempt = {
    client,
    env,
    actor: inputs.actor,
    // Listing is not a change; a refused attempt is still recorded under the bot target type.
    action: "list_admin_overview",
    label: "list bots and policy rules",
    targetType: "bot",
    targetId: "",
  };
  const admin = await checkAdmin(attempt);
  if (!admin.ok) return admin.done;
  try {
    const [bots, rules] = [await readServices(client), await readPolicies(client)];
    const text = overviewText(bots, rules, Date.now(), policySettingsFromEnv(env));
    return { outputs: { ok: true, summary: capLines(text, OVERVIEW_MAX), event_id: "" } };
  } catch (error) {
    return failure(attempt.label, "reading the datastores", error);
  }
});
