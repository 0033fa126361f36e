import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { SweepPendingFunction } from "./definition.ts";
import { readShares } from "./plan.ts";
import { sweepPending } from "./sweep.ts";
import { purgeUsedTokens } from "./purge.ts";
import { withSlackRetry } from "../../lib/slack_retry.ts";

export default SlackFunction(SweepPendingFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const { shares, warnings } = readShares(inputs, env);
  for (const warning of warnings) console.warn(`sweep_pending: ${warning}`);
  try {
    // 45 s of the hosted 60 s limit: the rest is for the last actions and the completion call.
    const deadline = Date.now() + 45_000;
    const swept = await sweepPending(client, { shares, budgetMs: 45_000, env });
    // Housekeeping comes second: pending approvals matter more than a tidy token list.
    const purge = await purgeUsedTokens(client, Date.now, deadline);
    return {
      outputs: {
        ...swept,
        failed: swept.failed + purge.failed,
        purged: purge.purged,
        complete: swept.complete && purge.complete,
      },
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
});
