import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { ProbeFunction } from "../definitions.ts";

export default SlackFunction(ProbeFunction, async (ctx) => {
  const { inputs, env, token, team_id, event } = ctx;
  // deno-slack-runtime passes `body` and the event's `bot_access_token`; the SDK's types omit them.
  const raw = ctx as unknown as { body: { type: string }; event: { bot_access_token: string } };
  // What the runtime handed over, so tests can check it against Slack's payload shape.
  const context = JSON.stringify({
    env_keys: Object.keys(env).sort(),
    api_url: env.SLACK_API_URL,
    team_id,
    token_matches_event: token === raw.event.bot_access_token && token.startsWith("xwfp-"),
    body_type: raw.body.type,
    event_type: event.type,
    callback_id: event.function.callback_id,
    execution_id: event.function_execution_id,
    inputs: event.inputs,
  });
  try {
    const res = await fetch(inputs.url);
    return { outputs: { result: `status ${res.status}: ${await res.text()}`, context } };
  } catch (error) {
    return {
      outputs: { result: `${(error as Error).name}: ${(error as Error).message}`, context },
    };
  }
});
