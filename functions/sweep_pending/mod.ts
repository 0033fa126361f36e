import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { SweepPendingFunction } from "./definition.ts";
import { readShares } from "./plan.ts";
import { sweepPending } from "./sweep.ts";
import { purgeUsedTokens } from "./purge.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { sweepReviews } from "./review.ts";
import { now } from "../_clock.ts";

/** 45 s of the hosted 60 s limit: the rest is for the last actions and the completion call. */
const BUDGET_MS = 45_000;

export default SlackFunction(SweepPendingFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const { shares, warnings } = readShares(inputs, env);
  for (const warning of warnings) console.warn(`sweep_pending: ${warning}`);
  try {
    // One budget for both parts: the purge gets what the sweep leaves.
    const deadline = Date.now() + BUDGET_MS;
    const swept = await sweepPending(client, { shares, budgetMs: BUDGET_MS, env });
    // Housekeeping comes second: pending approvals matter more than a tidy token list.
    // Break-glass reviews on the functions' clock (injectable in tests, like their deadlines).
    const reviews = await sweepReviews(
      client,
      env,
      now,
      now() + Math.max(0, deadline - Date.now()),
    );
    const purge = await purgeUsedTokens(client, Date.now, deadline);
    return {
      outputs: {
        ...swept,
        reviews_reminded: reviews.reviews_reminded,
        reviews_escalated: reviews.reviews_escalated,
        failed: swept.failed + reviews.failed + purge.failed,
        purged: purge.purged,
        complete: swept.complete && reviews.complete && purge.complete,
      },
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
});
