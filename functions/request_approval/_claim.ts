/**
 * Owner election between simultaneous copies of one request. Two identical signed requests can
 * both pass `verify_request`'s replay read (a datastore has no conditional writes), and each copy
 * runs its own approval step. Exactly one copy may own the request (post the message, take clicks,
 * complete with a decision); every other copy ends as a replay under its own id.
 *
 * Built from read/write registers only, so it holds on Slack: a Moir–Anderson splitter gives
 * "stop" to at most one contender whatever the timing (a contender that overwrites the door after
 * another one wrote the flag always sees the flag). Round 1 can end with no winner: copy p
 * stops on the flag-check but finds the door overwritten by q (`down`), while q found p's flag
 * (`right`). So round 1's winner and every `down` loser whose door-writer went `right` go on to
 * round 2, a second splitter: at most one copy owns (safety, unconditionally), and with two copies
 * exactly one does (the only timing it needs is that a `down` copy sees the other copy's round-1
 * result within {@link ELECTION_WAIT_MS}; if not, it stands down, which is safe).
 *
 * Assumption (Slack does not document it; the replay check relies on it too): a datastore `get`
 * of one item returns the last completed `put` of that item.
 *
 * @module
 */

/** Single-item registers, as the election needs them. */
export interface Registers {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
}

/** A splitter's answer: `stop` (won), `right` (someone got past first), `down` (contended). */
export type Split = "stop" | "right" | "down";

/** How long a contended copy waits for the other copy's round-1 result. */
export const ELECTION_WAIT_MS = 8_000;

/** Runs one splitter as `me`; returns the answer and who held the door when it was re-read. */
export async function splitter(
  reg: Registers,
  prefix: string,
  me: string,
): Promise<{ split: Split; door?: string }> {
  await reg.put(`${prefix}|door`, me);
  if (await reg.get(`${prefix}|flag`) !== undefined) return { split: "right" };
  await reg.put(`${prefix}|flag`, me);
  const door = await reg.get(`${prefix}|door`);
  return door === me ? { split: "stop" } : { split: "down", door };
}

/** How the election went for one copy (for logs and tests). */
export interface Election {
  owner: boolean;
  round1: Split;
  round2?: Split;
}

/** Waits between reads of another copy's result; injectable for tests. */
export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Elects the owner of `decisionId` among copies; `me` is this copy's function execution id.
 * Throws what the registers throw (the caller reports it as a failed step).
 */
export async function elect(
  reg: Registers,
  decisionId: string,
  me: string,
  sleep: Sleep = realSleep,
  waitMs: number = ELECTION_WAIT_MS,
): Promise<Election> {
  const first = await splitter(reg, `${decisionId}|1`, me);
  // Published before anything else, so a `down` copy waiting on this one learns it soon.
  await reg.put(`${decisionId}|1|${me}`, first.split);
  let enter = first.split === "stop";
  if (first.split === "down" && first.door) {
    let waited = 0;
    for (let pause = 25;; pause = Math.min(pause * 2, 1000)) {
      const theirs = await reg.get(`${decisionId}|1|${first.door}`);
      if (theirs !== undefined) {
        enter = theirs === "right";
        break;
      }
      if (waited >= waitMs) break;
      await sleep(pause);
      waited += pause;
    }
  }
  if (!enter) return { owner: false, round1: first.split };
  const second = await splitter(reg, `${decisionId}|2`, me);
  return { owner: second.split === "stop", round1: first.split, round2: second.split };
}
