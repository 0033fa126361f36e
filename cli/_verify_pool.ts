/**
 * A pool of worker threads analyzing blocks of an export's lines for `verify` (see
 * `_verify_worker.ts`). Workers start in the background: blocks sent before a worker is up wait
 * in its queue, so reading the file overlaps their start-up.
 *
 * @module
 */
import type { SyncPublicKey } from "../lib/audit/ed25519_sync.ts";
import type { BlockResult } from "../lib/audit/verify_block.ts";

/** Buffers kept for reuse (more than the blocks in flight is never needed). */
const FREE_BUFFERS = 16;

interface Pending {
  resolve: (result: BlockResult) => void;
  reject: (error: Error) => void;
}

/** Worker threads sharing the analysis of blocks; each block goes to the least busy one. */
export class VerifyPool {
  #workers: Worker[];
  #busy: number[];
  #id = 0;
  #waiting = new Map<number, Pending>();
  #failed?: Error;
  /** Block buffers back from the workers, to read the next blocks into. */
  #free: ArrayBuffer[] = [];

  /** Starts `size` workers (give them the keys with {@linkcode useKeys} before any block). */
  constructor(readonly size: number) {
    this.#busy = new Array(size).fill(0);
    this.#workers = Array.from({ length: size }, (_, index) => {
      const worker = new Worker(new URL("./_verify_worker.ts", import.meta.url).href, {
        type: "module",
      });
      worker.onmessage = (event: MessageEvent) => {
        const { id, result, error, buffer } = event.data as {
          id: number;
          result?: BlockResult;
          error?: string;
          buffer: ArrayBuffer;
        };
        if (this.#free.length < FREE_BUFFERS) this.#free.push(buffer);
        const pending = this.#waiting.get(id);
        if (!pending) return;
        this.#waiting.delete(id);
        this.#busy[index]--;
        if (result) pending.resolve(result);
        else pending.reject(new Error(`Cannot verify: a worker failed: ${error}`));
      };
      worker.onerror = (event) => {
        event.preventDefault();
        this.#fail(new Error(`Cannot verify: a worker failed: ${event.message}`));
      };
      return worker;
    });
  }

  /** Tells every worker the public keys records may be signed with. */
  useKeys(keys: Iterable<SyncPublicKey>): void {
    const known = [...keys].map(({ keyId, publicKey }) => ({ keyId, publicKey }));
    for (const worker of this.#workers) worker.postMessage({ keys: known });
  }

  #fail(error: Error): void {
    this.#failed = error;
    for (const pending of this.#waiting.values()) pending.reject(error);
    this.#waiting.clear();
  }

  /**
   * A buffer for a block of `size` bytes: one a worker gave back when it is large enough. Reusing
   * them keeps memory flat; a buffer made here and freed on a worker thread is not returned to
   * the system until much later.
   */
  allocate(size: number): Uint8Array<ArrayBuffer> {
    const buffer = this.#free.pop();
    return buffer && buffer.byteLength >= size ? new Uint8Array(buffer) : new Uint8Array(size);
  }

  /** Analyzes a block on the least busy worker; its buffer is moved there (unusable here). */
  analyze(bytes: Uint8Array<ArrayBuffer>): Promise<BlockResult> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = ++this.#id;
    const worker = this.#busy.indexOf(Math.min(...this.#busy));
    this.#busy[worker]++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#workers[worker].postMessage({ id, bytes }, [bytes.buffer]);
    });
  }

  /** Stops the workers. */
  close(): void {
    for (const worker of this.#workers) worker.terminate();
  }
}
