/**
 * The functions' clock. Hosted runs read the real time; tests on the local platform (whose
 * in-process runner shares this module with the test) set a fixed or moving clock, so time
 * windows, freezes and follow-up deadlines are tested without racing the wall clock.
 *
 * @module
 */

let clock: () => number = Date.now;

/** Unix milliseconds now, from the current clock. */
export function now(): number {
  return clock();
}

/** Replaces the clock (tests only); returns a function that restores the previous one. */
export function setClock(next: () => number): () => void {
  const previous = clock;
  clock = next;
  return () => {
    clock = previous;
  };
}
