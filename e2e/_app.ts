/**
 * Test support for end-to-end runs of the real app on the local platform: a signed webhook
 * request through the whole `handle_request` workflow, clicks on the approval message as Slack
 * sends them (the page's `/_local/actions`), and the records that result.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { fileURLToPath } from "node:url";
import type { ContractRequest, UnsignedRequest } from "../lib/contract/mod.ts";
import { type Platform, type PlatformOptions, startPlatform } from "../local/server.ts";
import { postJson } from "../local/_testing.ts";
import { demoFields, demoKey, postRaw, sign, webhookUrl } from "../proof/_testing.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));

/** Starts the platform with the app and its demo workspace, in memory. */
export function startApp(opts: Partial<PlatformOptions> = {}): Promise<Platform> {
  return startPlatform({ port: 0, dataDir: ":memory:", appDir: REPO, quiet: true, ...opts });
}

/** Sends a production request signed with the demo bot's key (`fields` override the defaults). */
export async function sendRequest(
  platform: Platform,
  fields: Partial<UnsignedRequest> = {},
): Promise<ContractRequest> {
  const body = await sign(demoFields(platform, "human", fields), await demoKey(platform));
  const res = await postRaw(webhookUrl(platform), JSON.stringify(body));
  assertEquals(res, { status: 200, text: JSON.stringify({ ok: true }) });
  await platform.engine.idle();
  return body;
}

/** The decision record of a request of the demo bot. */
export function decisionOf(
  platform: Platform,
  requestId: string,
): Record<string, unknown> | undefined {
  return platform.storage.getItem("decisions", `${platform.demo!.serviceId}|${requestId}`);
}

/** The latest bot message in `channel`. */
export function lastMessage(platform: Platform, channel: string) {
  return platform.storage.listMessages(channel).filter((m) => !m.ephemeral_to).at(-1);
}

/** Clicks the button whose action id matches `action` on the latest message in `channel`. */
export async function clickButton(
  platform: Platform,
  channel: string,
  user: string,
  action: RegExp,
): Promise<void> {
  const message = lastMessage(platform, channel)!;
  const actions =
    (message.blocks as { type: string; block_id: string; elements: { action_id: string }[] }[])
      .find((b) => b.type === "actions")!;
  const button = actions.elements.find((e) => action.test(e.action_id))!;
  const clicked = await postJson(`${platform.url}/_local/actions`, {
    user,
    channel,
    message_ts: message.ts,
    action_id: button.action_id,
    block_id: actions.block_id,
  });
  assertEquals(clicked.json.ok, true, JSON.stringify(clicked.json));
  await platform.engine.idle();
}
