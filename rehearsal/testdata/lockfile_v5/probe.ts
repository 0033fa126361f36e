import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { ProbeFunction } from "../_probe_definition.ts";

// Reads its settings from the handler's env, as hosted Slack provides them.
export default SlackFunction(ProbeFunction, ({ env }) => {
  return { outputs: { done: `ok ${Object.keys(env).length}` } };
});
