import { assertEquals, assertThrows } from "@std/assert";
import { Bits } from "./bits.ts";

Deno.test("bits are set and read back, the set growing past its first size", () => {
  const bits = new Bits();
  const set = [1, 7, 8, 8191, 8192, 1_000_000];
  for (const n of set) bits.set(n);
  for (const n of [0, 2, 9, 8190, 8193, 999_999, 2_000_000]) assertEquals(bits.has(n), false);
  for (const n of set) assertEquals(bits.has(n), true);
});

Deno.test("runs of clear bits come out in order, whole bytes skipped, past the end as one run", () => {
  const bits = new Bits();
  const set = new Set([1, 2, 3, 9, 16, 17, 18, 19, 20, 21, 22, 23, 24, 40, 8191]);
  for (const n of set) bits.set(n);
  const naive = (from: number, to: number) => {
    const runs: [number, number][] = [];
    for (let n = from; n <= to; n++) {
      if (set.has(n)) continue;
      if (runs.at(-1)?.[1] === n - 1) runs.at(-1)![1] = n;
      else runs.push([n, n]);
    }
    return runs;
  };
  for (const [from, to] of [[1, 50], [4, 8], [16, 24], [1, 9000], [5, 3], [9, 9], [0, 1]]) {
    assertEquals([...bits.clearRuns(from, to)], naive(from, to), `${from}–${to}`);
  }
  // Beyond what is held, one run however far: no bit-by-bit walk to a claimed number.
  assertEquals([...bits.clearRuns(8190, 9e15)], [[8190, 8190], [8192, 9e15]]);
  assertEquals([...new Bits().clearRuns(1, 9e15)], [[1, 9e15]]);
});

Deno.test("numbers past 2^31 do not wrap around to other bits", () => {
  const bits = new Bits();
  bits.set(5);
  for (const n of [2 ** 32 + 5, 2 ** 31 + 5, 9e15]) assertEquals(bits.has(n), false);
  assertThrows(() => bits.set(2 ** 32), RangeError, "out of range");
});
