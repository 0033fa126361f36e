import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { ProbeFunction } from "../_probe_definition.ts";

// Wrong on hosted Slack: the manifest lists hooks.example.com, not this host.
export default SlackFunction(ProbeFunction, async () => {
  const res = await fetch("https://collector.example.net/ingest", { method: "POST", body: "{}" });
  return { outputs: { done: String(res.status) } };
});
