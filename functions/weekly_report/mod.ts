import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { WeeklyReportFunction } from "./definition.ts";
import {
  createReportBuilder,
  lastDays,
  summaryBlocks,
  summaryText,
  TOP_N,
} from "../../lib/metrics/mod.ts";
import { readDecisions } from "./decisions.ts";
import { reportChannel, reportDays } from "./settings.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";

export default SlackFunction(WeeklyReportFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const channel = reportChannel(inputs.channel, env);
  if (!channel.ok) return { error: channel.error };
  const days = reportDays(inputs.days);
  if (!days.ok) return { error: days.error };

  const period = lastDays(Date.now(), days.value);
  const builder = createReportBuilder(period);
  try {
    for await (const record of readDecisions(client, period)) builder.add(record);
  } catch (error) {
    return { error: `Cannot build report: ${(error as Error).message}` };
  }
  const report = builder.finish();
  // Names rather than mentions: a weekly summary must not ping every approver.
  const approverNames: Record<string, string> = {};
  for (const { key } of report.by_approver.slice(0, TOP_N)) {
    const res = await client.users.info({ user: key });
    const name = res.ok
      ? res.user?.profile?.display_name || res.user?.real_name || res.user?.name
      : "";
    if (name) approverNames[key] = String(name);
    else console.warn(`weekly_report: no name for approver "${key}": ${res.error ?? "empty"}`);
  }
  const posted = await client.chat.postMessage({
    channel: channel.value,
    text: summaryText(report),
    blocks: summaryBlocks(report, { approverNames }),
  });
  if (!posted.ok) {
    return {
      error: `Cannot post report to "${channel.value}": chat.postMessage failed (${posted.error})`,
    };
  }
  return { outputs: { decisions: report.overall.counts.total, message_ts: String(posted.ts) } };
});
