/**
 * SQLite implementation of the local platform's {@linkcode Storage}, on `node:sqlite`.
 *
 * Each record kind has its own table with its lookup keys as columns and the whole record as a
 * JSON column, so nested data (blocks, trigger definitions, step outputs) round-trips unchanged
 * and adding a field to a record type needs no migration.
 *
 * What is durable when: every write is its own SQLite transaction (autocommit), so a method
 * that returned has saved its change, and one that threw (full disk: `Cannot save to storage: …`)
 * saved nothing. Files use WAL journaling and SQLite's own automatic checkpoints.
 *
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { parse, parseAll, type Row, SCHEMA, type Statement } from "./_schema.ts";
import type {
  CallLogEntry,
  Channel,
  FunctionExecution,
  Item,
  ItemPage,
  Message,
  Storage,
  TriggerRecord,
  User,
  Usergroup,
  ViewRecord,
  WorkflowRun,
} from "./types.ts";

/**
 * Opens (creating if needed) a storage at `path`, a file path or `":memory:"`.
 *
 * Files use WAL journaling so the page can read while the runtime writes; each write commits
 * before its method returns, so a restart loses nothing that was acknowledged.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 *
 * const storage = openSqliteStorage(":memory:");
 * storage.putItem("services", "svc", { id: "svc" });
 * assertEquals(storage.getItem("services", "svc"), { id: "svc" });
 * storage.close();
 * ```
 */
export function openSqliteStorage(path: string): Storage {
  const db = new DatabaseSync(path);
  if (path !== ":memory:") {
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
  }
  db.exec(SCHEMA);

  const json = (value: unknown): string => JSON.stringify(value);

  // AUTOINCREMENT's own counter: a seq is never reused, even after the newest rows are gone.
  const sequence = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'calls'").get();
  const newest = db.prepare("SELECT MAX(seq) AS seq FROM calls").get();
  let lastSeq = Math.max(Number(sequence?.seq ?? 0), Number(newest?.seq ?? 0));

  // Prepared once per SQL text.
  const cache = new Map<string, Statement>();
  const sql = (text: string): Statement => {
    let wrapped = cache.get(text);
    if (!wrapped) {
      const statement: StatementSync = db.prepare(text);
      wrapped = {
        get: (...params) => statement.get(...params) as Row | undefined,
        all: (...params) => statement.all(...params) as Row[],
        run: (...params) => {
          try {
            return statement.run(...params);
          } catch (error) {
            // One statement, one transaction: SQLite rolled it back, nothing of it was kept.
            throw new Error(`Cannot save to storage: ${(error as Error).message}`);
          }
        },
      };
      cache.set(text, wrapped);
    }
    return wrapped;
  };

  const storage: Storage = {
    getItem(datastore: string, id: string): Item | undefined {
      return parse<Item>(
        sql("SELECT data FROM items WHERE datastore = ? AND id = ?").get(
          datastore,
          id,
        ),
      );
    },
    putItem(datastore: string, id: string, item: Item): void {
      sql("INSERT OR REPLACE INTO items (datastore, id, data) VALUES (?, ?, ?)").run(
        datastore,
        id,
        json(item),
      );
    },
    deleteItem(datastore: string, id: string): boolean {
      const result = sql("DELETE FROM items WHERE datastore = ? AND id = ?").run(datastore, id);
      return Number(result.changes) > 0;
    },
    scanItems(datastore: string, limit: number, cursor?: string): ItemPage {
      // One extra row tells whether another page exists without a second query.
      const rows = cursor === undefined
        ? sql("SELECT id, data FROM items WHERE datastore = ? ORDER BY id LIMIT ?").all(
          datastore,
          limit + 1,
        )
        : sql("SELECT id, data FROM items WHERE datastore = ? AND id > ? ORDER BY id LIMIT ?").all(
          datastore,
          cursor,
          limit + 1,
        );
      const page = rows.slice(0, limit);
      const items = parseAll<Item>(page);
      return rows.length > limit ? { items, next: String(page[page.length - 1].id) } : { items };
    },
    countItems(datastore: string): number {
      const row = sql("SELECT COUNT(*) AS n FROM items WHERE datastore = ?").get(datastore);
      return Number(row?.n ?? 0);
    },

    listUsers: () => parseAll<User>(sql("SELECT data FROM users ORDER BY id").all()),
    getUser: (id) => parse<User>(sql("SELECT data FROM users WHERE id = ?").get(id)),
    putUser(user) {
      sql("INSERT OR REPLACE INTO users (id, data) VALUES (?, ?)").run(user.id, json(user));
    },
    listChannels: () => parseAll<Channel>(sql("SELECT data FROM channels ORDER BY id").all()),
    getChannel: (id) => parse<Channel>(sql("SELECT data FROM channels WHERE id = ?").get(id)),
    putChannel(channel) {
      sql("INSERT OR REPLACE INTO channels (id, data) VALUES (?, ?)").run(
        channel.id,
        json(channel),
      );
    },
    listUsergroups: () => parseAll<Usergroup>(sql("SELECT data FROM usergroups ORDER BY id").all()),
    getUsergroup: (id) => parse<Usergroup>(sql("SELECT data FROM usergroups WHERE id = ?").get(id)),
    putUsergroup(group) {
      sql("INSERT OR REPLACE INTO usergroups (id, data) VALUES (?, ?)").run(group.id, json(group));
    },

    addMessage(message) {
      sql("INSERT INTO messages (channel, ts, data) VALUES (?, ?, ?)").run(
        message.channel,
        message.ts,
        json(message),
      );
    },
    getMessage: (channel, ts) =>
      parse<Message>(
        sql("SELECT data FROM messages WHERE channel = ? AND ts = ?").get(channel, ts),
      ),
    updateMessage(message) {
      sql("UPDATE messages SET data = ? WHERE channel = ? AND ts = ?").run(
        json(message),
        message.channel,
        message.ts,
      );
    },
    deleteMessage(channel, ts) {
      const result = sql("DELETE FROM messages WHERE channel = ? AND ts = ?").run(channel, ts);
      return Number(result.changes) > 0;
    },
    listMessages(channel, limit) {
      const rows = sql(
        "SELECT data FROM messages WHERE channel = ? ORDER BY ts DESC LIMIT ?",
      ).all(channel, limit ?? -1);
      return parseAll<Message>(rows).reverse();
    },

    putView(view) {
      sql("INSERT OR REPLACE INTO views (id, data) VALUES (?, ?)").run(view.id, json(view));
    },
    getView: (id) => parse<ViewRecord>(sql("SELECT data FROM views WHERE id = ?").get(id)),

    putTrigger(trigger) {
      sql(
        "INSERT INTO triggers (id, created, data) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET created = excluded.created, data = excluded.data",
      ).run(
        trigger.id,
        trigger.created,
        json(trigger),
      );
    },
    getTrigger: (id) => parse<TriggerRecord>(sql("SELECT data FROM triggers WHERE id = ?").get(id)),
    listTriggers: () =>
      parseAll<TriggerRecord>(sql("SELECT data FROM triggers ORDER BY created, rowid").all()),
    deleteTrigger(id) {
      return Number(sql("DELETE FROM triggers WHERE id = ?").run(id).changes) > 0;
    },

    putRun(run) {
      const data = json(run);
      // A run is rewritten at every step; setting `started` again, even unchanged, would also
      // rewrite its index entry (one more page per commit), so only `data` changes when it can.
      const updated = sql("UPDATE runs SET data = ? WHERE id = ? AND started = ?").run(
        data,
        run.id,
        run.started,
      );
      if (Number(updated.changes) > 0) return;
      sql(
        "INSERT INTO runs (id, started, data) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET started = excluded.started, data = excluded.data",
      ).run(run.id, run.started, data);
    },
    getRun: (id) => parse<WorkflowRun>(sql("SELECT data FROM runs WHERE id = ?").get(id)),
    listRuns: (limit) =>
      parseAll<WorkflowRun>(
        sql("SELECT data FROM runs ORDER BY started DESC, rowid DESC LIMIT ?").all(limit ?? -1),
      ),

    putExecution(execution) {
      sql(
        "INSERT INTO executions (id, status, started, data) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, started = excluded.started, data = excluded.data",
      ).run(
        execution.id,
        execution.status,
        execution.started,
        json(execution),
      );
    },
    getExecution: (id) =>
      parse<FunctionExecution>(sql("SELECT data FROM executions WHERE id = ?").get(id)),
    finishExecution(id, result) {
      const current = storage.getExecution(id);
      if (!current || current.status !== "running") return false;
      const finished: FunctionExecution = { ...current, ...result, ended: Date.now() };
      // The status guard in the WHERE clause keeps the transition single even if another
      // connection to the same file completed it between the read and this write.
      const changes = sql(
        "UPDATE executions SET status = ?, data = ? WHERE id = ? AND status = 'running'",
      ).run(finished.status, json(finished), id).changes;
      return Number(changes) > 0;
    },
    listExecutions(status) {
      const rows = status === undefined
        ? sql("SELECT data FROM executions ORDER BY started, rowid").all()
        : sql("SELECT data FROM executions WHERE status = ? ORDER BY started, rowid").all(status);
      return parseAll<FunctionExecution>(rows);
    },

    logCall(entry) {
      const saved: CallLogEntry = { seq: lastSeq + 1, ...entry };
      const { seq, ...data } = saved;
      sql("INSERT INTO calls (seq, data) VALUES (?, ?)").run(seq, json(data));
      lastSeq = seq;
      return saved;
    },
    listCalls(afterSeq = 0, limit = 1000) {
      const rows = sql("SELECT seq, data FROM calls WHERE seq > ? ORDER BY seq LIMIT ?").all(
        afterSeq,
        limit,
      );
      return rows.map((row) =>
        ({
          seq: Number(row.seq),
          ...JSON.parse(String(row.data)),
        }) as CallLogEntry
      );
    },
    getSetting(key) {
      const row = sql("SELECT value FROM settings WHERE key = ?").get(key);
      return row === undefined ? undefined : String(row.value);
    },
    setSetting(key, value) {
      sql("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)").run(key, value);
    },

    committed: () => Promise.resolve(),

    close() {
      db.close();
    },
  };
  return storage;
}
