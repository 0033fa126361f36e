import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { MaybeFailFunction } from "../definitions.ts";

export default SlackFunction(MaybeFailFunction, async ({ inputs }) => {
  if (inputs.mode === "throw") throw new Error("Cannot continue: asked to throw");
  if (inputs.mode === "error") return { error: "Cannot continue: asked to fail" };
  // Never settles: the platform's time limit must end it.
  if (inputs.mode === "hang") await new Promise<never>(() => {});
  // An error nobody catches, thrown outside the handler: it ends the thread running it.
  if (inputs.mode === "crash") {
    setTimeout(() => {
      throw new Error("Cannot go on: crashed outside the handler");
    }, 0);
    await new Promise<never>(() => {});
  }
  // Blocks its thread for good: only stopping the thread ends it.
  if (inputs.mode === "spin") { for (;;) Math.random(); }
  if (inputs.mode === "nothing") return undefined as unknown as { outputs: Record<string, never> };
  return { outputs: {} };
});
