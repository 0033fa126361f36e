/**
 * Counts the Slack Web API calls the app makes for one auto-approved request and for one request
 * approved by a single approver, from the local platform's call log. The runtime's own function
 * completions (which Slack's runtime performs for a handler that returns outputs) are not in that
 * log and are reported separately as `completions`.
 *
 * @module
 */
import { DEMO_CHANNELS, DEMO_USERS } from "../demo/workspace.ts";
import { startPlatform } from "../local/server.ts";
import { APPROVE_ACTION_ID } from "../functions/request_approval/constants.ts";
import { decisionRecorded, demoRequest, post, webhookUrl } from "./_demo_requests.ts";

/** Calls made for one request, by method. */
export interface CallCount {
  total: number;
  byMethod: Record<string, number>;
  /** Workflow steps completed by the runtime (Slack's functions.completeSuccess on hosted). */
  completions: number;
}

function count(calls: { method: string }[], steps: number): CallCount {
  const byMethod: Record<string, number> = {};
  for (const c of calls) byMethod[c.method] = (byMethod[c.method] ?? 0) + 1;
  return { total: calls.length, byMethod, completions: steps };
}

/** Runs both paths on a fresh in-memory platform and returns their call counts. */
export async function measureApiCalls(): Promise<{ auto: CallCount; human: CallCount }> {
  const dataDir = await Deno.makeTempDir({ prefix: "countersign-bench-" });
  const platform = await startPlatform({ port: 0, dataDir, quiet: true, webhookRateLimit: false });
  try {
    const url = webhookUrl(platform);
    const lastSeq = () => platform.storage.listCalls().at(-1)?.seq ?? 0;
    const steps = () => platform.storage.listExecutions("completed").length;

    let seq = lastSeq();
    let done = steps();
    const auto = await demoRequest(platform, "auto", crypto.randomUUID());
    await post(url, auto);
    await decisionRecorded(platform, `${auto.service_id}|${auto.request_id}`);
    await platform.engine.idle();
    const autoCount = count(platform.storage.listCalls(seq), steps() - done);

    seq = lastSeq();
    done = steps();
    const human = await demoRequest(platform, "human", crypto.randomUUID());
    await post(url, human);
    await platform.engine.idle();
    const channel = platform.demo?.channels as { approvals: string } | undefined;
    const message = platform.storage.listMessages(channel?.approvals ?? DEMO_CHANNELS.approvals.id)
      .at(-1);
    if (!message) throw new Error("Cannot count the approval path: no approval message was posted");
    const res = await fetch(`${platform.url}/_local/actions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        user: platform.demo?.users.approver1 ?? DEMO_USERS.approver1.id,
        channel: message.channel,
        message_ts: message.ts,
        action_id: APPROVE_ACTION_ID,
        block_id: findBlockId(message.blocks ?? [], APPROVE_ACTION_ID),
        value: "approve",
      }),
    });
    const answer = await res.json();
    if (!answer.ok) throw new Error(`Cannot approve: ${JSON.stringify(answer)}`);
    await decisionRecorded(platform, `${human.service_id}|${human.request_id}`);
    await platform.engine.idle();
    const humanCount = count(platform.storage.listCalls(seq), steps() - done);
    return { auto: autoCount, human: humanCount };
  } finally {
    await platform.close();
    await Deno.remove(dataDir, { recursive: true });
  }
}

function findBlockId(blocks: unknown[], actionId: string): string | undefined {
  for (const block of blocks as { block_id?: string; elements?: { action_id?: string }[] }[]) {
    if (block.elements?.some((e) => e.action_id === actionId)) return block.block_id;
  }
  return undefined;
}
