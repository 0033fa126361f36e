import type { Trigger } from "deno-slack-sdk/types.ts";
import { EchoFlow } from "../definitions.ts";

const trigger: Trigger<typeof EchoFlow.definition> = {
  type: "webhook",
  name: "Echo webhook",
  workflow: `#/workflows/${EchoFlow.definition.callback_id}`,
  inputs: {
    channel: { value: "{{data.channel}}" },
    text: { value: "{{data.text}}" },
    url: { value: "{{data.url}}" },
  },
};

export default trigger;
