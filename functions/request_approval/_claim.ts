/**
 * Owner election between simultaneous copies of one request. Two identical signed requests can
 * both pass `verify_request`'s replay read (a datastore has no conditional writes), and each copy
 * runs its own approval step. Exactly one copy may own the request (post the message, take clicks,
 * complete with a decision); every other copy ends as a replay under its own id.
 *
 * Built from read/write registers only, so it holds on Slack: a Moir–Anderson splitter gives
 * "stop" to at most one contender whatever the timing (a contender that overwrites the door after
 * another one wrote the flag always sees the flag). A round can end with no winner: copy p
 * passes the flag check but finds the door overwritten by q (`down`), while q found p's flag
 * (`right`). So a round's winner and every `down` copy whose door-writer went `right` go on to the
 * next round, another splitter. The last round's winner owns: at most one copy owns, whatever the
 * timing; and with up to {@link ELECTION_ROUNDS} copies exactly one does, provided a `down` copy
 * sees the other copy's answer within {@link ELECTION_WAIT_MS} (else it stands down: safe, and the
 * request may then have no owner).
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

/** How the election went for one copy: each round's answer (for logs and tests). */
export interface Election {
  owner: boolean;
  rounds: Split[];
}

/** Waits between reads of another copy's result; injectable for tests. */
export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Rounds of the election. With R rounds, up to R simultaneous copies always elect exactly one
 * owner (each round lets at most one fewer copy through); more copies elect at most one.
 */
export const ELECTION_ROUNDS = 2;

/** Election options (tests inject the pause and the number of rounds). */
export interface ElectOptions {
  sleep?: Sleep;
  waitMs?: number;
  rounds?: number;
}

/**
 * Elects the owner of `decisionId` among copies; `me` is this copy's function execution id.
 * Round k's contenders are round k−1's winner and every copy that came `down` while the copy it
 * found on the door went `right`; the last round's winner owns. Throws what the registers throw
 * (the caller reports it as a failed step).
 */
export async function elect(
  reg: Registers,
  decisionId: string,
  me: string,
  opts: ElectOptions = {},
): Promise<Election> {
  const { sleep = realSleep, waitMs = ELECTION_WAIT_MS, rounds = ELECTION_ROUNDS } = opts;
  const answers: Split[] = [];
  for (let round = 1; round <= rounds; round++) {
    const { split, door } = await splitter(reg, `${decisionId}|${round}`, me);
    answers.push(split);
    if (round === rounds) return { owner: split === "stop", rounds: answers };
    // Published at once, so a `down` copy waiting on this one learns it soon.
    await reg.put(`${decisionId}|${round}|${me}`, split);
    let goOn = split === "stop";
    if (split === "down" && door) {
      goOn = await theirAnswer(reg, `${decisionId}|${round}|${door}`, sleep, waitMs) === "right";
    }
    if (!goOn) return { owner: false, rounds: answers };
  }
  return { owner: false, rounds: answers };
}

/** Another copy's published answer, read until it appears or `waitMs` has passed. */
async function theirAnswer(
  reg: Registers,
  key: string,
  sleep: Sleep,
  waitMs: number,
): Promise<string | undefined> {
  let waited = 0;
  for (let pause = 25;; pause = Math.min(pause * 2, 1000)) {
    const theirs = await reg.get(key);
    if (theirs !== undefined || waited >= waitMs) return theirs;
    await sleep(pause);
    waited += pause;
  }
}
