import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { ProbeFunction } from "../_probe_definition.ts";

// A computed import: `deno run` loads it from the source tree, but the bundler cannot see it, so
// the deployed bundle refers to a file that hosted Slack does not have.
export default SlackFunction(ProbeFunction, async () => {
  const part = await import(new URL("./parts/greeting.ts", import.meta.url).href);
  return { outputs: { done: part.GREETING } };
});
