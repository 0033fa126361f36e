import { assertEquals, assertFalse, assertThrows } from "@std/assert";
import { existsSync } from "node:fs";
import { openSqliteStorage } from "./sqlite.ts";
import type { FunctionExecution, Storage, WorkflowRun } from "./types.ts";

function execution(id: string): FunctionExecution {
  return { id, callback_id: "verify_request", inputs: { a: 1 }, status: "running", started: 1 };
}

function fill(storage: Storage) {
  storage.putItem("decisions", "b", { id: "b", nested: { list: [1, { x: "y" }] } });
  storage.putItem("decisions", "a", { id: "a" });
  storage.putItem("services", "a", { id: "a", other: true });
  storage.putUser({ id: "U1", name: "alice", real_name: "Alice", email: "a@example.com" });
  storage.putChannel({ id: "C1", name: "general", is_im: false, members: ["U1"], created: 5 });
  storage.putUsergroup({ id: "S1", handle: "ops", name: "Ops", users: ["U1"] });
  storage.addMessage({ channel: "C1", ts: "1.000002", user: "U1", text: "second" });
  storage.addMessage({
    channel: "C1",
    ts: "1.000001",
    user: "U1",
    text: "first",
    blocks: [{ type: "divider" }],
  });
  storage.putTrigger({
    id: "Ft1",
    type: "webhook",
    name: "hook",
    workflow: "#/workflows/handle_request",
    definition: { inputs: { a: { value: "{{data.a}}" } } },
    webhook_url: "http://x/triggers/T/Ft1/secret",
    created: 10,
  });
  storage.putRun({
    id: "R1",
    workflow: "handle_request",
    inputs: {},
    status: "running",
    current_step: 0,
    step_outputs: { "0": { ok: true } },
    started: 1,
  });
  storage.putExecution(execution("Fx1"));
  storage.putView({
    id: "V1",
    user: "U1",
    view: { type: "modal" },
    hash: "h",
    created: 1,
    updated: 1,
  });
  storage.logCall({ at: 1, method: "auth.test", args: {}, ok: true, ms: 1 });
  storage.setSetting("signing_key", "k");
}

Deno.test("sqlite storage keeps items per datastore, ordered by primary key", () => {
  const storage = openSqliteStorage(":memory:");
  fill(storage);
  assertEquals(storage.getItem("decisions", "b"), { id: "b", nested: { list: [1, { x: "y" }] } });
  assertEquals(storage.getItem("decisions", "zzz"), undefined);
  assertEquals(storage.countItems("decisions"), 2);
  assertEquals(storage.countItems("services"), 1);
  storage.putItem("decisions", "a", { id: "a", replaced: 1 });
  assertEquals(storage.getItem("decisions", "a"), { id: "a", replaced: 1 });
  assertEquals(storage.deleteItem("decisions", "a"), true);
  assertEquals(storage.deleteItem("decisions", "a"), false);
  storage.close();
});

Deno.test("sqlite scanItems pages through every item exactly once", () => {
  const storage = openSqliteStorage(":memory:");
  for (let i = 0; i < 7; i++) storage.putItem("d", `k${i}`, { id: `k${i}` });
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = storage.scanItems("d", 3, cursor);
    seen.push(...page.items.map((item) => String(item.id)));
    cursor = page.next;
    pages++;
  } while (cursor !== undefined);
  assertEquals(seen, ["k0", "k1", "k2", "k3", "k4", "k5", "k6"]);
  assertEquals(pages, 3);
  // Exactly a multiple of the limit: the last full page says there is nothing after it.
  const exact = storage.scanItems("d", 7);
  assertEquals(exact.items.length, 7);
  assertEquals(exact.next, undefined);
  storage.close();
});

Deno.test("sqlite finishExecution moves a running execution exactly once", () => {
  const storage = openSqliteStorage(":memory:");
  storage.putExecution(execution("Fx1"));
  assertEquals(storage.finishExecution("Fx1", { status: "completed", outputs: { ok: 1 } }), true);
  assertFalse(storage.finishExecution("Fx1", { status: "failed", error: "late" }));
  assertFalse(storage.finishExecution("missing", { status: "completed" }));
  const done = storage.getExecution("Fx1");
  assertEquals(done?.status, "completed");
  assertEquals(done?.outputs, { ok: 1 });
  assertEquals(storage.listExecutions("running"), []);
  assertEquals(storage.listExecutions("completed").map((e) => e.id), ["Fx1"]);
  storage.close();
});

Deno.test("sqlite lists messages oldest first, the latest N, and calls after a sequence", () => {
  const storage = openSqliteStorage(":memory:");
  fill(storage);
  storage.addMessage({ channel: "C1", ts: "1.000003", user: "U1", text: "third" });
  assertEquals(storage.listMessages("C1").map((m) => m.text), ["first", "second", "third"]);
  assertEquals(storage.listMessages("C1", 2).map((m) => m.text), ["second", "third"]);
  assertEquals(storage.deleteMessage("C1", "1.000002"), true);
  assertEquals(storage.listMessages("C1").map((m) => m.text), ["first", "third"]);
  const second = storage.logCall({
    at: 2,
    method: "chat.postMessage",
    args: { a: 1 },
    ok: false,
    error: "x",
    ms: 2,
  });
  assertEquals(storage.listCalls(second.seq - 1), [second]);
  assertEquals(storage.listCalls().length, 2);
  storage.close();
});

Deno.test("sqlite file storage loses nothing across close and reopen", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/local.db`;
  try {
    const first = openSqliteStorage(path);
    fill(first);
    // WAL journaling: the write-ahead log sits beside the database while it is open.
    assertEquals(Deno.statSync(`${path}-wal`).isFile, true);
    first.finishExecution("Fx1", { status: "failed", error: "boom" });
    first.close();

    const again = openSqliteStorage(path);
    assertEquals(again.getItem("decisions", "b"), { id: "b", nested: { list: [1, { x: "y" }] } });
    assertEquals(again.getItem("services", "a"), { id: "a", other: true });
    assertEquals(again.getUser("U1")?.email, "a@example.com");
    assertEquals(again.getChannel("C1")?.members, ["U1"]);
    assertEquals(again.getUsergroup("S1")?.users, ["U1"]);
    assertEquals(again.listMessages("C1").map((m) => m.text), ["first", "second"]);
    assertEquals(again.getMessage("C1", "1.000001")?.blocks, [{ type: "divider" }]);
    assertEquals(again.getTrigger("Ft1")?.definition, { inputs: { a: { value: "{{data.a}}" } } });
    assertEquals(again.listTriggers().length, 1);
    assertEquals(again.getRun("R1")?.step_outputs, { "0": { ok: true } });
    assertEquals(again.getExecution("Fx1")?.status, "failed");
    assertEquals(again.getExecution("Fx1")?.error, "boom");
    assertEquals(again.getView("V1")?.user, "U1");
    assertEquals(again.listCalls().map((c) => c.method), ["auth.test"]);
    assertEquals(again.getSetting("signing_key"), "k");
    assertEquals(again.getSetting("missing"), undefined);
    // The sequence continues after a restart instead of reusing numbers.
    assertEquals(again.logCall({ at: 2, method: "x", args: {}, ok: true, ms: 0 }).seq, 2);
    again.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("every write is saved when its method returns: another connection sees it at once", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/local.db`;
  try {
    const storage = openSqliteStorage(path);
    const other = openSqliteStorage(path);
    storage.putItem("decisions", "a", { id: "a" });
    storage.setSetting("k", "v");
    const logged = storage.logCall({ at: 1, method: "auth.test", args: {}, ok: true, ms: 1 });
    assertEquals(
      [other.getItem("decisions", "a"), other.getSetting("k"), other.listCalls()],
      [{ id: "a" }, "v", [logged]],
    );
    other.close();
    storage.close();
    assertFalse(existsSync(`${path}-wal`), "the last connection to close checkpoints the WAL");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a write SQLite refuses throws `Cannot save to storage` and keeps nothing", () => {
  const storage = openSqliteStorage(":memory:");
  const message = { channel: "C1", ts: "1.000001", user: "U1", text: "first" };
  storage.addMessage(message);
  assertThrows(
    () => storage.addMessage({ ...message, text: "again" }),
    Error,
    "Cannot save to storage: UNIQUE constraint failed",
  );
  assertEquals(storage.listMessages("C1").map((m) => m.text), ["first"]);
  // The call log's sequence is not used up by a refused entry either.
  assertEquals(storage.logCall({ at: 1, method: "x", args: {}, ok: true, ms: 0 }).seq, 1);
  storage.close();
});

Deno.test("putRun replaces a run's record, and its start time when that changes", () => {
  const storage = openSqliteStorage(":memory:");
  const run = (id: string, started: number, step: number): WorkflowRun => ({
    id,
    workflow: "w",
    inputs: {},
    status: "running",
    current_step: step,
    step_outputs: {},
    started,
  });
  storage.putRun(run("R1", 10, 0));
  storage.putRun(run("R2", 20, 0));
  storage.putRun(run("R1", 10, 3));
  assertEquals(storage.getRun("R1")?.current_step, 3);
  assertEquals(storage.listRuns().map((r) => r.id), ["R2", "R1"]);
  storage.putRun(run("R1", 30, 4));
  assertEquals(storage.listRuns().map((r) => [r.id, r.current_step]), [["R1", 4], ["R2", 0]]);
  storage.close();
});
