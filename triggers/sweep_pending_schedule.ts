import type { Trigger } from "deno-slack-sdk/types.ts";
import { SweepPendingWorkflow } from "../workflows/sweep_pending.ts";

const HOUR = 3_600_000;

/**
 * Runs the expiry sweep every hour (Slack's shortest schedule), starting at the next whole hour:
 * a request therefore expires at most an hour after its limit, and a click after the limit is
 * refused at once by the approval step itself. Create it with
 * `slack trigger create --trigger-def triggers/sweep_pending_schedule.ts`.
 */
const trigger: Trigger<typeof SweepPendingWorkflow.definition> = {
  // String literal for TriggerTypes.Scheduled: the constant is not reachable offline.
  type: "scheduled",
  name: "Countersign expiry sweep",
  description: "Hourly: remind, escalate and expire pending approvals",
  workflow: `#/workflows/${SweepPendingWorkflow.definition.callback_id}`,
  inputs: {},
  schedule: {
    // Slack requires a start time in the future.
    start_time: new Date(Math.ceil((Date.now() + 60_000) / HOUR) * HOUR).toISOString(),
    frequency: { type: "hourly", repeats_every: 1 },
  },
};

export default trigger;
