import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { EscapeFunction } from "../definitions.ts";

/** How an attempt ended: "ok", or the error's name. */
async function attempt(action: () => unknown): Promise<string> {
  try {
    await action();
    return "ok";
  } catch (error) {
    return (error as Error).name;
  }
}

/** Each escape, after a timer (work a handler schedules stays confined too). */
async function escapes(inputs: { url: string; path: string }): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  return JSON.stringify({
    fetch: await attempt(() => fetch(inputs.url).then((r) => r.body?.cancel())),
    env: await attempt(() => Deno.env.get("HOME")),
    env_object: await attempt(() => Deno.env.toObject()),
    write: await attempt(() => Deno.writeTextFile(inputs.path, "escaped")),
    write_sync: await attempt(() => Deno.mkdirSync(`${inputs.path}.d`)),
  });
}

export default SlackFunction(EscapeFunction, async ({ inputs, client }) => {
  const onRun = await escapes(inputs);
  const posted = await client.chat.postMessage({
    channel: inputs.channel,
    text: onRun,
    blocks: [{
      type: "actions",
      block_id: "decision",
      elements: [{
        type: "button",
        action_id: "again",
        text: { type: "plain_text", text: "Again" },
      }],
    }],
  });
  if (!posted.ok) return { error: `Cannot post: ${posted.error}` };
  return { completed: false };
}).addBlockActionsHandler("again", async ({ body, client }) => {
  const inputs = body.function_data.inputs as { url: string; path: string };
  const done = await client.functions.completeSuccess({
    function_execution_id: body.function_data.execution_id,
    outputs: { on_click: await escapes(inputs) },
  });
  if (!done.ok) throw new Error(`Cannot complete: ${done.error}`);
});
