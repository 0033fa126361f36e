/**
 * The export positions (`_seq`) of the records `verify` reads: which are duplicated, moved or
 * missing. A position is a claim made by the file, so nothing here grows with a claimed number:
 * the positions tracked are bounded by the records actually read, a position beyond that bound
 * is itself the problem reported, and missing positions come out as ranges, a bounded number of
 * them.
 *
 * @module
 */
import { Bits, BITS_MAX } from "./bits.ts";

/**
 * Positions tracked whatever the file (2^24: 2 MB of bits), so that an export of up to 16
 * million records with records removed from its start still lists the missing positions.
 */
export const POSITIONS_FLOOR = 2 ** 24;

/**
 * Beyond the floor, positions up to this many per record read so far are tracked: one bit each,
 * so the set never holds more than 8 bytes per record read (a record line is hundreds).
 */
export const POSITIONS_PER_RECORD = 64;

/** Ranges of missing positions reported one by one; the rest are summed in one finding. */
export const MISSING_LISTED = 100;

/** What {@linkcode Positions.missing} found. */
export interface Missing {
  /** Every missing position. */
  total: number;
  /** One finding's reason per range, at most {@linkcode MISSING_LISTED} and one for the rest. */
  reasons: string[];
}

/** The positions of the records read so far, in line order. */
export class Positions {
  #seen = new Bits();
  #highest = 0;
  #previous = 0;
  #records = 0;

  /** The highest position seen (0: none). */
  get highest(): number {
    return this.#highest;
  }

  /** The highest position tracked now: bounded by the records read, never by a claim. */
  get limit(): number {
    return Math.min(BITS_MAX, Math.max(POSITIONS_FLOOR, POSITIONS_PER_RECORD * this.#records));
  }

  /**
   * Takes the next record's `_seq` (NaN when it is not a number) and adds why its position is
   * wrong to `reasons`. Returns whether it follows the previous record's position.
   */
  add(seq: number, reasons: string[]): boolean {
    this.#records++;
    let inOrder = false;
    if (!Number.isSafeInteger(seq) || seq < 1) {
      reasons.push(
        Number.isNaN(seq)
          ? "no valid export position (_seq is missing or not a number)"
          : `no valid export position (_seq ${seq})`,
      );
    } else if (seq > this.limit) {
      reasons.push(
        `export position ${seq} is out of range: far more than the ${this.#records} records ` +
          "read so far (edited, or not from this export)",
      );
    } else if (this.#seen.has(seq)) {
      reasons.push(`duplicate of export position ${seq}`);
    } else {
      if (seq < this.#highest) {
        reasons.push(`moved: exported at position ${seq}, found after position ${this.#highest}`);
      }
      inOrder = seq === this.#previous + 1;
      this.#seen.set(seq);
      this.#highest = Math.max(this.#highest, seq);
    }
    if (!Number.isNaN(seq)) this.#previous = seq;
    return inOrder;
  }

  /**
   * The positions that no record had, from 1 to the highest seen or to the trailer's `count`
   * when that is higher: only when it is a number within {@linkcode limit}, since it is a claim
   * too (past that, the trailer's own finding says the count is wrong).
   */
  missing(count?: unknown): Missing {
    const counted = Number.isSafeInteger(count) && (count as number) <= this.limit;
    const upTo = Math.max(this.#highest, counted ? count as number : 0);
    const out: Missing = { total: 0, reasons: [] };
    let more = 0;
    let morePositions = 0;
    for (const [first, last] of this.#seen.clearRuns(1, upTo)) {
      out.total += last - first + 1;
      if (out.reasons.length < MISSING_LISTED) {
        const range = first === last ? `position ${first}` : `positions ${first}–${last}`;
        out.reasons.push(
          `missing: no line has export ${range} (removed from the file; ids unknown)`,
        );
        continue;
      }
      more++;
      morePositions += last - first + 1;
      out.reasons[MISSING_LISTED] = `missing: ${more} more range${more === 1 ? "" : "s"} of ` +
        `export positions (${morePositions} positions, up to ${last}), not listed one by one`;
    }
    return out;
  }
}
