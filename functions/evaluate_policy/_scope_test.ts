import { assertEquals } from "@std/assert";
import type { Registers } from "../request_approval/_claim.ts";
import { claimUse } from "./_scope.ts";

/** Registers in memory; `pause` lets contenders interleave between every step. */
function memory(): Registers & { map: Map<string, string> } {
  const map = new Map<string, string>();
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  return {
    map,
    async get(key) {
      await pause();
      return map.get(key);
    },
    async put(key, value) {
      await pause();
      map.set(key, value);
    },
  };
}

const scope = { id: "scope|ci-bot|r-1", max_requests: 3, used: 0 };

Deno.test("a scope of N lets N requests through, one after another, and then stops", async () => {
  const reg = memory();
  const uses = [];
  for (let i = 1; i <= 5; i++) uses.push(await claimUse(reg, scope, `exec-${i}`));
  assertEquals(uses, [1, 2, 3, undefined, undefined]);
  // A scope bounded by time only claims nothing.
  assertEquals(await claimUse(reg, { ...scope, max_requests: 0 }, "exec-9"), 0);
});

Deno.test("simultaneous requests never get more than N uses between them", async () => {
  for (let round = 0; round < 20; round++) {
    const reg = memory();
    const uses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimUse(reg, scope, `exec-${round}-${i}`)),
    );
    const granted = uses.filter((u) => u !== undefined);
    // Never more than N, and never the same use twice.
    assertEquals(granted.length <= 3, true, JSON.stringify(uses));
    assertEquals(new Set(granted).size, granted.length, JSON.stringify(uses));
  }
});

Deno.test("a stale use hint costs reads, never an extra use", async () => {
  const reg = memory();
  await claimUse(reg, scope, "a");
  await claimUse(reg, scope, "b");
  // The hint was lost (still 0): the next claim still gets use 3, then none.
  assertEquals(await claimUse(reg, { ...scope, used: 0 }, "c"), 3);
  assertEquals(await claimUse(reg, { ...scope, used: 0 }, "d"), undefined);
});
