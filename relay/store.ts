/**
 * The relay's storage: verified callbacks, one per (service, request id), and read nonces, in an
 * embedded SQLite file (WAL). Every write is committed before the relay answers, so a restart
 * loses nothing it acknowledged.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";

/** One stored, verified callback. */
export interface StoredCallback {
  service_id: string;
  request_id: string;
  outcome: string;
  /** The four signature headers, exactly as received. */
  headers: Record<string, string>;
  /** The raw body, exactly as received (the signature covers these bytes). */
  body: string;
  received_at: number;
}

/** The relay's store. */
export interface RelayStore {
  /** Stores the first callback of a (service, request); returns false when one is stored. */
  put(callback: StoredCallback): boolean;
  get(serviceId: string, requestId: string): StoredCallback | undefined;
  /** Records a read nonce; false when it was seen before (a replayed read). */
  useNonce(serviceId: string, nonce: string, now: number): boolean;
  /** Deletes callbacks received before `before` and nonces older than `noncesBefore`. */
  cleanup(before: number, noncesBefore: number): { callbacks: number; nonces: number };
  count(): number;
  close(): void;
}

/** Opens (creating when needed) the store at `path` (`:memory:` for tests). */
export function openRelayStore(path: string): RelayStore {
  const db = new DatabaseSync(path);
  if (path !== ":memory:") {
    // Decisions name what was asked and who decided: not for other users of the machine. SQLite
    // gives its -wal and -shm files the database file's permissions.
    Deno.chmodSync(path, 0o600);
    db.exec("PRAGMA journal_mode = WAL");
  }
  db.exec("PRAGMA synchronous = FULL");
  db.exec(`
    CREATE TABLE IF NOT EXISTS callbacks (
      service_id TEXT NOT NULL,
      request_id TEXT NOT NULL,
      outcome TEXT NOT NULL,
      headers TEXT NOT NULL,
      body TEXT NOT NULL,
      received_at INTEGER NOT NULL,
      PRIMARY KEY (service_id, request_id)
    );
    CREATE INDEX IF NOT EXISTS callbacks_received ON callbacks (received_at);
    CREATE TABLE IF NOT EXISTS nonces (
      service_id TEXT NOT NULL,
      nonce TEXT NOT NULL,
      used_at INTEGER NOT NULL,
      PRIMARY KEY (service_id, nonce)
    );
  `);
  const insert = db.prepare(
    `INSERT OR IGNORE INTO callbacks (service_id, request_id, outcome, headers, body, received_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const select = db.prepare(
    "SELECT * FROM callbacks WHERE service_id = ? AND request_id = ?",
  );
  const nonce = db.prepare(
    "INSERT OR IGNORE INTO nonces (service_id, nonce, used_at) VALUES (?, ?, ?)",
  );
  const dropCallbacks = db.prepare("DELETE FROM callbacks WHERE received_at < ?");
  const dropNonces = db.prepare("DELETE FROM nonces WHERE used_at < ?");
  const total = db.prepare("SELECT COUNT(*) AS n FROM callbacks");
  return {
    put(c) {
      const result = insert.run(
        c.service_id,
        c.request_id,
        c.outcome,
        JSON.stringify(c.headers),
        c.body,
        c.received_at,
      );
      return Number(result.changes) === 1;
    },
    get(serviceId, requestId) {
      const row = select.get(serviceId, requestId) as Record<string, string | number> | undefined;
      if (!row) return undefined;
      return {
        service_id: String(row.service_id),
        request_id: String(row.request_id),
        outcome: String(row.outcome),
        headers: JSON.parse(String(row.headers)),
        body: String(row.body),
        received_at: Number(row.received_at),
      };
    },
    useNonce(serviceId, value, now) {
      return Number(nonce.run(serviceId, value, now).changes) === 1;
    },
    cleanup(before, noncesBefore) {
      return {
        callbacks: Number(dropCallbacks.run(before).changes),
        nonces: Number(dropNonces.run(noncesBefore).changes),
      };
    },
    count() {
      return Number((total.get() as { n: number }).n);
    },
    close() {
      db.close();
    },
  };
}
