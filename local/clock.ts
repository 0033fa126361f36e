/**
 * The platform's clock: what time it is, how to wait, and when a handler's time limit elapses,
 * from one source. The default is the wall clock. Tests inject a {@linkcode ManualClock}, whose
 * time moves only when something waits on it (the latency mode's per-call delay) or the test
 * advances it, so a test of a time rule (`trigger_id` lives 3 s, interactivity handlers get
 * 10 s) never depends on how fast the machine is.
 *
 * @example
 * ```ts
 * import { ManualClock } from "./clock.ts";
 * const clock = new ManualClock(1_700_000_000_000);
 * await clock.sleep(600);
 * console.log(clock.now()); // 1700000000600
 * ```
 *
 * @module
 */
import { type LimitTimer, wallClockTimer } from "./runtime/dispatch.ts";

/** A source of time for the platform. */
export interface Clock {
  /** Unix milliseconds. */
  now(): number;
  /** Resolves once `ms` milliseconds have passed on this clock. */
  sleep(ms: number): Promise<void>;
  /** Handler time limits measured on this clock. */
  timer: LimitTimer;
}

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  timer: wallClockTimer,
};

/**
 * A clock that moves only when told: `sleep(ms)` moves it forward by `ms` at once (the waiter is
 * the one spending that time), `advance(ms)` moves it for a test. A limit timer elapses as soon as
 * the clock reaches its deadline, whoever moved it.
 */
export class ManualClock implements Clock {
  #now: number;
  #deadlines = new Set<{ at: number; fire: () => void }>();

  /** Starts at `start` Unix milliseconds. */
  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  /** The clock's time. */
  now(): number {
    return this.#now;
  }

  /** Moves the clock forward by `ms` and fires every limit whose deadline has come. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`Cannot advance the clock by "${ms}" ms`);
    this.#now += ms;
    for (const deadline of [...this.#deadlines]) {
      if (deadline.at <= this.#now) {
        this.#deadlines.delete(deadline);
        deadline.fire();
      }
    }
  }

  /** Spends `ms` of this clock's time. */
  sleep(ms: number): Promise<void> {
    this.advance(Math.max(0, ms));
    return Promise.resolve();
  }

  /** Limits that elapse when this clock passes their deadline. */
  timer: LimitTimer = (ms) => {
    const { promise, resolve } = Promise.withResolvers<void>();
    const deadline = { at: this.#now + ms, fire: () => resolve() };
    this.#deadlines.add(deadline);
    return { elapsed: promise, cancel: () => this.#deadlines.delete(deadline) };
  };
}
