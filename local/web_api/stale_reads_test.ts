import { assertEquals } from "@std/assert";
import { startTestPlatform, TEST_TOKEN } from "../testing.ts";

Deno.test("an eventually consistent query misses writes of the last window, on the Web API's clock", async () => {
  let now = 1_800_000_000_000;
  const platform = await startTestPlatform({ now: () => now, eventualConsistencyMs: 1000 });
  try {
    const call = (method: string, args: Record<string, unknown>) =>
      platform.api.call(method, { datastore: "approval_votes", ...args }, TEST_TOKEN);
    const vote = (id: string, vote: string) => ({
      id,
      decision_id: "d1",
      user_id: id,
      vote,
      voted_at: 1,
    });
    const ids = async () =>
      ((await call("apps.datastore.query", {
        expression: "#d = :d AND #v = :v",
        expression_attributes: { "#d": "decision_id", "#v": "vote" },
        expression_values: { ":d": "d1", ":v": "approve" },
      })).items as { id: string; voted_at: number }[]).map((i) => `${i.id}@${i.voted_at}`);
    assertEquals((await call("apps.datastore.put", { item: vote("a", "approve") })).ok, true);
    assertEquals(await ids(), [], "a new item is missed within the window");
    const got = await call("apps.datastore.get", { id: "a" });
    assertEquals((got.item as { id: string }).id, "a", "get reads the latest write");
    now += 1000;
    assertEquals(await ids(), ["a@1"], "settled after the window");
    // A change within the window: the scan still sees the item as it was.
    await call("apps.datastore.update", { item: { id: "a", voted_at: 2 } });
    await call("apps.datastore.put", { item: vote("b", "approve") });
    assertEquals(await ids(), ["a@1"]);
    now += 999;
    await call("apps.datastore.update", { item: { id: "a", voted_at: 3 } });
    assertEquals(await ids(), ["a@1"], "as it was before the window's first write");
    now += 1;
    assertEquals(await ids(), ["a@1", "b@1"], "b settled; a's last change has not");
    now += 999;
    assertEquals(await ids(), ["a@3", "b@1"]);
  } finally {
    await platform.close();
  }
});

Deno.test("without the flag every query sees every write", async () => {
  const platform = await startTestPlatform({ now: () => 1_800_000_000_000 });
  try {
    const args = { datastore: "approval_votes" };
    await platform.api.call("apps.datastore.put", {
      ...args,
      item: { id: "a", decision_id: "d1", user_id: "U1", vote: "approve", voted_at: 1 },
    }, TEST_TOKEN);
    const page = await platform.api.call("apps.datastore.query", args, TEST_TOKEN);
    assertEquals((page.items as unknown[]).length, 1);
  } finally {
    await platform.close();
  }
});
