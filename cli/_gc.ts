/**
 * Full garbage collections now and then, for the commands that stream every record (`export`,
 * `verify` and its worker threads), when the runtime allows them (`deno task cli` passes
 * `--expose-gc`).
 *
 * Why: records outlive a few young-generation collections while their page or block is being
 * handled and are promoted, and the native SHA-256 leaves a small native object per record that
 * only a full collection frees; left to itself V8 lets both pile up, and memory grows with the
 * number of records. A full collection costs a few milliseconds, so not per page: every 10,000
 * records (~7 MB of JSON) keeps the peak flat for about 1% of the time.
 *
 * @module
 */

/** Records between two full collections by default. */
export const GC_RECORDS = 10_000;

/** A full collection now (no-op without `--expose-gc`). */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Counts records and collects once `every` have passed since the last collection. */
export class Collector {
  #since = 0;

  constructor(readonly every: number = GC_RECORDS) {}

  /** Adds `n` handled records, collecting when due. */
  count(n: number): void {
    this.#since += n;
    if (this.#since < this.every) return;
    this.#since = 0;
    collectGarbage();
  }
}
