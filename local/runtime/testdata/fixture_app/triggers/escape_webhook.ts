import type { Trigger } from "deno-slack-sdk/types.ts";
import { EscapeFlow } from "../definitions.ts";

const trigger: Trigger<typeof EscapeFlow.definition> = {
  type: "webhook",
  name: "Escape webhook",
  workflow: `#/workflows/${EscapeFlow.definition.callback_id}`,
  inputs: {
    channel: { value: "{{data.channel}}" },
    url: { value: "{{data.url}}" },
    path: { value: "{{data.path}}" },
  },
};

export default trigger;
