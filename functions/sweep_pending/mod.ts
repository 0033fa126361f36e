import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { SweepPendingFunction } from "./definition.ts";
import { readShares } from "./plan.ts";
import { sweepPending } from "./sweep.ts";
import { withSlackRetry } from "../../lib/slack_retry.ts";

export default SlackFunction(SweepPendingFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const { shares, warnings } = readShares(inputs, env);
  for (const warning of warnings) console.warn(`sweep_pending: ${warning}`);
  try {
    // 45 s of the hosted 60 s limit: the rest is for the last actions and the completion call.
    const outputs = await sweepPending(client, { shares, budgetMs: 45_000 });
    return { outputs };
  } catch (error) {
    return { error: (error as Error).message };
  }
});
