import type { Trigger } from "deno-slack-sdk/types.ts";
import { FixtureFlow } from "../definitions.ts";

const trigger: Trigger<typeof FixtureFlow.definition> = {
  type: "webhook",
  name: "Fixture webhook",
  workflow: `#/workflows/${FixtureFlow.definition.callback_id}`,
  inputs: {
    id: { value: "{{data.id}}" },
    n: { value: "{{data.n}}" },
    mode: { value: "{{data.mode}}" },
    channel: { value: "{{data.channel}}" },
  },
};

export default trigger;
