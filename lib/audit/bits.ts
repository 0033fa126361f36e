/**
 * A set of positive integers as bits, for the export positions `verify` has seen: memory is
 * one bit per position up to the highest set. Callers bound what they set (see `positions.ts`):
 * the set itself would grow to whatever number it is given.
 *
 * @module
 */

/** Largest number a set holds: a typed array is indexed by 32-bit integers. */
export const BITS_MAX = 2 ** 32 - 1;

/** Grows by doubling; one bit per export position. */
export class Bits {
  #bytes = new Uint8Array(1024);
  /** Whether bit `n` is set. */
  has(n: number): boolean {
    // `>>>`, not `>>`: a number past 2^31 must not wrap to a negative index.
    const i = n >>> 3;
    return n <= BITS_MAX && i < this.#bytes.length && (this.#bytes[i] & (1 << (n & 7))) !== 0;
  }
  /** Sets bit `n` (0 to {@linkcode BITS_MAX}). */
  set(n: number): void {
    if (!(n >= 0 && n <= BITS_MAX)) throw new RangeError(`Cannot set bit ${n}: out of range`);
    const i = n >>> 3;
    if (i >= this.#bytes.length) {
      const grown = new Uint8Array(Math.max(this.#bytes.length * 2, i + 1));
      grown.set(this.#bytes);
      this.#bytes = grown;
    }
    this.#bytes[i] |= 1 << (n & 7);
  }
  /**
   * The runs of clear bits from `from` to `to` (inclusive), as `[start, end]`, in order: whole
   * bytes are skipped at a time, and past the last byte held it is one run however long.
   */
  *clearRuns(from: number, to: number): Generator<[number, number]> {
    if (from > to) return;
    const held = this.#bytes.length * 8;
    let start = -1;
    for (let n = from; n <= to && n < held;) {
      const byte = this.#bytes[n >>> 3];
      if ((n & 7) === 0 && (byte === 0xff || byte === 0) && n + 7 <= to) {
        if (byte === 0xff && start !== -1) {
          yield [start, n - 1];
          start = -1;
        } else if (byte === 0 && start === -1) start = n;
        n += 8;
        continue;
      }
      if ((byte & (1 << (n & 7))) === 0) {
        if (start === -1) start = n;
      } else if (start !== -1) {
        yield [start, n - 1];
        start = -1;
      }
      n++;
    }
    if (to >= held && start === -1) start = Math.max(from, held);
    if (start !== -1) yield [start, to];
  }
}
