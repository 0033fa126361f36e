/**
 * A pool of worker threads checking signature batches for `verify` (see `_verify_worker.ts`).
 *
 * @module
 */
import type { SignatureJob } from "../lib/audit/verify.ts";

/** Worker threads sharing signature checks; results come back per batch, in any order. */
export class VerifyPool {
  #workers: Worker[];
  #next = 0;
  #id = 0;
  #waiting = new Map<number, (results: boolean[]) => void>();

  private constructor(workers: Worker[]) {
    this.#workers = workers;
    for (const worker of workers) {
      worker.onmessage = (event: MessageEvent) => {
        const { id, results } = event.data as { id: number; results: Uint8Array };
        const resolve = this.#waiting.get(id);
        this.#waiting.delete(id);
        resolve?.(Array.from(results, (r) => r === 1));
      };
    }
  }

  /** Starts `size` workers knowing `publicKeys` (raw base64). */
  static async start(size: number, publicKeys: string[]): Promise<VerifyPool> {
    const workers = Array.from(
      { length: size },
      () => new Worker(new URL("./_verify_worker.ts", import.meta.url).href, { type: "module" }),
    );
    await Promise.all(workers.map((worker) =>
      new Promise<void>((resolve, reject) => {
        worker.onmessage = () => resolve();
        worker.onerror = (event) => {
          event.preventDefault();
          reject(new Error(`Cannot verify: a worker failed to start: ${event.message}`));
        };
        worker.postMessage({ keys: publicKeys });
      })
    ));
    return new VerifyPool(workers);
  }

  /** Checks a batch on the next worker. */
  check(jobs: SignatureJob[]): Promise<boolean[]> {
    const id = ++this.#id;
    const worker = this.#workers[this.#next++ % this.#workers.length];
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      worker.postMessage({ id, jobs });
    });
  }

  /** Stops the workers. */
  close(): void {
    for (const worker of this.#workers) worker.terminate();
  }
}
