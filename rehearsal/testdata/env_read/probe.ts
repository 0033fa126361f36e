import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { ProbeFunction } from "../_probe_definition.ts";

// Wrong on hosted Slack: there is no --allow-env; settings come from the handler's env.
export default SlackFunction(ProbeFunction, () => {
  return { outputs: { done: Deno.env.get("PROBE_SETTING") ?? "unset" } };
});
