/**
 * Worker that checkpoints a WAL-mode SQLite file on its own connection, so that copying the
 * write-ahead log into the database file (and its fsyncs) happens off the thread that serves
 * requests. Started and stopped by `sqlite.ts`; see there for the handshake.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { DatabaseSync } from "node:sqlite";

/** The worker's start message. */
export interface CheckpointerStart {
  path: string;
  /** Int32 state word: 0 starting, 1 open, 2 stop requested, 3 stopped. */
  control: SharedArrayBuffer;
  intervalMs: number;
}

self.onmessage = (event: MessageEvent<CheckpointerStart>) => {
  const { path, control, intervalMs } = event.data;
  const state = new Int32Array(control);
  // Asked to stop before starting: open nothing.
  if (Atomics.compareExchange(state, 0, 0, 1) !== 0) return self.close();
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path);
    db.exec("PRAGMA busy_timeout = 5000;");
  } catch {
    // The main connection checkpoints when it closes; nothing is lost without this worker.
  }
  const timer = setInterval(() => {
    try {
      // PASSIVE: never blocks the main connection's writers or readers.
      db?.exec("PRAGMA wal_checkpoint(PASSIVE);");
    } catch {
      // A full disk or a busy file: the frames stay in the WAL and the next round retries.
    }
  }, intervalMs);
  const stop = () => {
    clearInterval(timer);
    db?.close();
    Atomics.store(state, 0, 3);
    Atomics.notify(state, 0);
    self.close();
  };
  const waiting = Atomics.waitAsync(state, 0, 1);
  if (waiting.async) waiting.value.then(stop);
  else stop();
};
