import { SlackFunction } from "deno-slack-sdk/mod.ts";
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { policySettingsFromEnv } from "../_policy_settings.ts";
import { AdminOverviewFunction } from "./definition.ts";
import { capLines, overviewText } from "../../lib/admin/overview.ts";
import { type OverviewMessage, overviewMessages } from "../../lib/admin/overview_blocks.ts";
import {
  type AdminAttempt,
  checkAdmin,
  failure,
  readPolicies,
  readServices,
} from "../_shared/admin.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";

/** Longest overview returned as text (a message's text may hold 40,000 characters). */
const OVERVIEW_MAX = 35_000;

/** Sends the overview's Block Kit messages to `user`'s DM with the app, in order. */
async function sendToDm(
  client: SlackAPIClient,
  user: string,
  messages: readonly OverviewMessage[],
): Promise<void> {
  const opened = await client.conversations.open({ users: user });
  const channel = (opened.channel as { id?: string } | undefined)?.id;
  if (!opened.ok || !channel) throw new Error(`conversations.open: ${opened.error}`);
  for (const message of messages) {
    const posted = await client.chat.postMessage({ channel, ...message });
    if (!posted.ok) throw new Error(`chat.postMessage: ${posted.error}`);
  }
}

/**
 * Reads both datastores through all pages, sends the acting admin the overview in Block Kit
 * (mentions, channel links, copyable ids) in their DM with the app, and returns it as mrkdwn
 * text too (for Workflow Builder steps). Only refusals are recorded.
 */
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
  let bots, rules;
  try {
    [bots, rules] = [await readServices(client), await readPolicies(client)];
  } catch (error) {
    return failure(attempt.label, "reading the datastores", error);
  }
  const now = Date.now();
  try {
    await sendToDm(client, inputs.actor!, overviewMessages(bots, rules, now));
  } catch (error) {
    return failure(attempt.label, "sending the overview", error);
  }
  const text = overviewText(bots, rules, now, policySettingsFromEnv(env));
  return { outputs: { ok: true, summary: capLines(text, OVERVIEW_MAX), event_id: "" } };
});
