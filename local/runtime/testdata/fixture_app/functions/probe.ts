import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { ProbeFunction } from "../definitions.ts";

export default SlackFunction(
  ProbeFunction,
  async ({ inputs, env, token, team_id, body, event }) => {
    // What the runtime handed over, so tests can check it against Slack's payload shape.
    const context = JSON.stringify({
      env_keys: Object.keys(env).sort(),
      api_url: env.SLACK_API_URL,
      team_id,
      token_matches_event: token === event.bot_access_token && token.startsWith("xwfp-"),
      body_type: body.type,
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
  },
);
