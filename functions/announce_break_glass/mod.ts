import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AnnounceBreakGlassFunction } from "./definition.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { REASON_CODES } from "../../lib/decision/outcome.ts";
import { securityChannel } from "../_break_glass_settings.ts";
import { type BreakGlassView, noticeBlocks, noticeText, reviewers } from "./blocks.ts";

/** Reads the record the record step wrote; `undefined` when it is not usable. */
function viewOf(json: string | undefined, id: string): BreakGlassView | undefined {
  try {
    const record = JSON.parse(json ?? "");
    return record && typeof record === "object" && record.id === id ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Posts the break-glass notice to the security channel (with @here), the approval channel (the
 * review thread) and the watcher channel, and notes the review thread on the record. A failed
 * post is reported in `announced`, never as an error: the callback step comes next.
 */
export default SlackFunction(AnnounceBreakGlassFunction, async ({ inputs, client, env }) => {
  if (inputs.reason_code !== REASON_CODES.breakGlass || !inputs.decision_id) {
    return { outputs: { announced: "" } };
  }
  client = withSlackRetry(client);
  const view = viewOf(inputs.record_json, inputs.decision_id);
  if (!view) return { outputs: { announced: "not announced: the record is unreadable" } };
  const audience = reviewers(inputs.approver_users ?? [], inputs.approver_usergroup);
  const security = securityChannel(env);
  const targets = [
    ...(security ? [{ channel: security, loud: true }] : []),
    ...(inputs.approval_channel ? [{ channel: inputs.approval_channel, loud: !security }] : []),
    ...(inputs.watcher_channel ? [{ channel: inputs.watcher_channel, loud: false }] : []),
  ].filter((t, i, all) => all.findIndex((o) => o.channel === t.channel) === i);
  const done: string[] = [];
  let thread: { channel: string; ts: string } | undefined;
  for (const target of targets) {
    try {
      const posted = await client.chat.postMessage({
        channel: target.channel,
        text: noticeText(view),
        blocks: noticeBlocks(view, audience, target.loud),
      });
      if (!posted.ok) {
        done.push(`${target.channel}: ${posted.error}`);
        continue;
      }
      done.push(target.channel);
      // Reminders go in the approvers' thread (the security channel's when there is no other).
      if (target.channel === inputs.approval_channel || !thread) {
        thread = { channel: target.channel, ts: String(posted.ts) };
      }
    } catch (error) {
      done.push(`${target.channel}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (thread) {
    // Operational marks (not sealed): where the review thread is, for reminders and the ack.
    const marked = await client.apps.datastore.update<typeof Decisions.definition>({
      datastore: Decisions.name,
      item: { id: view.id, review_notice_channel: thread.channel, review_notice_ts: thread.ts },
    });
    if (!marked.ok) done.push(`mark: ${marked.error}`);
  }
  if (done.length === 0) done.push("not announced: no channel is configured");
  return { outputs: { announced: done.join(", ").slice(0, 1000) } };
});
