import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { ProbeFunction } from "../definitions.ts";

export default SlackFunction(ProbeFunction, async ({ inputs }) => {
  try {
    const res = await fetch(inputs.url);
    return { outputs: { result: `status ${res.status}: ${await res.text()}` } };
  } catch (error) {
    return { outputs: { result: `${(error as Error).name}: ${(error as Error).message}` } };
  }
});
