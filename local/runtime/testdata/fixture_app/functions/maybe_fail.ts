import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { MaybeFailFunction } from "../definitions.ts";

export default SlackFunction(MaybeFailFunction, ({ inputs }) => {
  if (inputs.mode === "throw") throw new Error("Cannot continue: asked to throw");
  if (inputs.mode === "error") return { error: "Cannot continue: asked to fail" };
  if (inputs.mode === "nothing") return undefined as unknown as { outputs: Record<string, never> };
  return { outputs: {} };
});
