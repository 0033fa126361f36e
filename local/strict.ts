/**
 * The Slack-strict settings of `startPlatform`'s options (clock, latency mode, relax flags,
 * eventually consistent queries) as the Web API, the engine and the runner take them.
 *
 * @module
 */
import { systemClock } from "./clock.ts";
import { latencyOf } from "./latency.ts";
import type { PlatformOptions } from "./options.ts";

/** What each part of the platform takes from `opts`. */
export function strictSettings(opts: PlatformOptions) {
  const clock = opts.clock ?? systemClock;
  const { callMs, deliveryMs } = latencyOf(opts.latency);
  const sleep = (ms: number) => clock.sleep(ms);
  const now = () => clock.now();
  return {
    /** The Web API's: its clock, each HTTP call's delay, relax flags, stale reads. */
    api: {
      now,
      latencyMs: callMs,
      sleep,
      relax: opts.relax,
      eventualConsistencyMs: opts.eventualConsistencyMs,
    },
    /** The engine's: its clock, each interaction's delivery delay, relax flags. */
    engine: { now, delivery: { ms: deliveryMs, sleep }, relax: opts.relax },
    /** Handler time limits, on the same clock. */
    timer: clock.timer,
  };
}
