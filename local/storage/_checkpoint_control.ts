/**
 * The request thread's side of the WAL checkpointer (`_checkpointer.ts` is the worker).
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import type { CheckpointerStart } from "./_checkpointer.ts";

/** How often the checkpointer copies the write-ahead log into the database file. */
const CHECKPOINT_INTERVAL_MS = 250;

/**
 * Moves WAL checkpoints to a worker with its own connection (they were a tenth of the request
 * thread's time under load). Durability is unchanged: commits are in the WAL either way, and
 * the checkpoint is the same PASSIVE copy SQLite's automatic one does, only elsewhere and on a
 * timer. `stop` waits (briefly) for the worker to close its connection, so that this
 * connection's close stays the last one and removes the WAL as before.
 */
export function startCheckpointer(db: DatabaseSync, path: string): { stop(): void } {
  db.exec("PRAGMA wal_autocheckpoint = 0;");
  const control = new SharedArrayBuffer(4);
  const state = new Int32Array(control);
  const worker = new Worker(new URL("./_checkpointer.ts", import.meta.url).href, {
    type: "module",
  });
  const start: CheckpointerStart = { path, control, intervalMs: CHECKPOINT_INTERVAL_MS };
  worker.postMessage(start);
  return {
    stop() {
      // Not started yet: it will see the request and open nothing.
      if (Atomics.compareExchange(state, 0, 0, 2) !== 0) {
        Atomics.store(state, 0, 2);
        Atomics.notify(state, 0);
        Atomics.wait(state, 0, 2, 2000);
      }
      worker.terminate();
      // What the worker left in the WAL is copied by this connection's close.
      db.exec("PRAGMA wal_autocheckpoint = 1000;");
    },
  };
}
