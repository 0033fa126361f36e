import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { AdminRegisterBotFormFunction } from "./definition.ts";
import handler from "./mod.ts";
import { startTestPlatform } from "../../local/testing.ts";
import { W } from "../_shared/_testing.ts";

const { createContext } = SlackFunctionTester(AdminRegisterBotFormFunction);

/** Runs the handler for a click of alice's, `waitMs` after it, on the local Web API's clock. */
async function openAfter(waitMs: number): Promise<Record<string, unknown>> {
  let clock = 1_800_000_000_000;
  const platform = await startTestPlatform({ now: () => clock });
  try {
    const pointer = platform.api.registerInteraction(W.users.alice);
    clock += waitMs;
    const result = await handler(createContext({
      inputs: {
        interactivity: {
          interactivity_pointer: pointer,
          interactor: { id: W.users.alice, secret: "s" },
        },
      },
      env: { SLACK_API_URL: platform.url },
    })) as Record<string, unknown>;
    return result;
  } finally {
    await platform.close();
  }
}

Deno.test("the form opens within Slack's 3 s and leaves the execution running", async () => {
  const result = await openAfter(2_900);
  assertEquals(result, { completed: false });
});

Deno.test("a click older than 3 s cannot open the form; the error says why and what to do", async () => {
  const result = await openAfter(3_100);
  assert(typeof result.error === "string");
  assertStringIncludes(result.error, "Cannot open the register a bot form: expired_trigger_id");
  assertStringIncludes(result.error, "click the shortcut again");
});
