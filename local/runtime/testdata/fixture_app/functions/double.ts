import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { DoubleFunction } from "../definitions.ts";

export default SlackFunction(DoubleFunction, ({ inputs }) => {
  return { outputs: { doubled: inputs.n * 2, tags: ["a", `n${inputs.n}`] } };
});
