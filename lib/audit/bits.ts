/**
 * A set of positive integers as bits, for the export positions `verify` has seen: memory is
 * one bit per position, however many records the file holds.
 *
 * @module
 */

/** Grows by doubling; one bit per export position. */
export class Bits {
  #bytes = new Uint8Array(1024);
  /** Whether bit `n` is set. */
  has(n: number): boolean {
    const i = n >> 3;
    return i < this.#bytes.length && (this.#bytes[i] & (1 << (n & 7))) !== 0;
  }
  /** Sets bit `n`. */
  set(n: number): void {
    const i = n >> 3;
    if (i >= this.#bytes.length) {
      const grown = new Uint8Array(Math.max(this.#bytes.length * 2, i + 1));
      grown.set(this.#bytes);
      this.#bytes = grown;
    }
    this.#bytes[i] |= 1 << (n & 7);
  }
}
