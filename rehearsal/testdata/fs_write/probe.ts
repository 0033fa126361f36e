import { writeFileSync } from "node:fs";
import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { ProbeFunction } from "../_probe_definition.ts";

// Wrong on hosted Slack: functions cannot write files; state belongs in datastores.
export default SlackFunction(ProbeFunction, () => {
  writeFileSync("probe-state.json", "{}");
  return { outputs: { done: "wrote" } };
});
