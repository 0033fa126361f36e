import { assertEquals, assertMatch, assertNotEquals } from "@std/assert";
import { openSqliteStorage } from "../storage/sqlite.ts";
import { RuntimeState } from "./state.ts";

Deno.test("workflow tokens name their execution and only issued ones are accepted", () => {
  const storage = openSqliteStorage(":memory:");
  const state = new RuntimeState(storage);
  const token = state.issueToken("FxABC123");
  assertMatch(token, /^xwfp-FxABC123-[0-9a-f]{48}$/);
  assertEquals(state.executionForToken(token), "FxABC123");
  assertEquals(state.tokenForExecution("FxABC123"), token);
  // Another execution's id with this token's MAC, a changed MAC, or a made-up token: refused.
  assertEquals(state.executionForToken(token.replace("FxABC123", "FxABC124")), undefined);
  const flipped = token.slice(0, -1) + (token.endsWith("0") ? "1" : "0");
  assertEquals(state.executionForToken(flipped), undefined);
  assertEquals(state.executionForToken("xwfp-made-up"), undefined);
  // A second state over the same storage (the Web API's token table) accepts it too.
  assertEquals(new RuntimeState(storage).executionForToken(token), "FxABC123");
  storage.close();
});

Deno.test("workflow tokens stay valid after a restart; other data folders refuse them", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const first = openSqliteStorage(`${dir}/a.db`);
    const token = new RuntimeState(first).issueToken("FxKEEP01");
    first.close();
    const again = openSqliteStorage(`${dir}/a.db`);
    assertEquals(new RuntimeState(again).executionForToken(token), "FxKEEP01");
    again.close();
    const elsewhere = openSqliteStorage(`${dir}/b.db`);
    const other = new RuntimeState(elsewhere);
    assertEquals(other.executionForToken(token), undefined);
    assertNotEquals(other.issueToken("FxKEEP01"), token);
    elsewhere.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("tokens stored by earlier versions (one settings row each) still resolve", () => {
  const storage = openSqliteStorage(":memory:");
  storage.setSetting("runtime.token.xwfp-0123abcd", "FxOLD0001");
  storage.setSetting("runtime.exec_token.FxOLD0001", "xwfp-0123abcd");
  const state = new RuntimeState(storage);
  assertEquals(state.executionForToken("xwfp-0123abcd"), "FxOLD0001");
  assertEquals(state.tokenForExecution("FxOLD0001"), "xwfp-0123abcd");
  storage.close();
});
