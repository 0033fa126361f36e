import { assertEquals } from "@std/assert";
import { Bits } from "./bits.ts";

Deno.test("bits are set and read back, the set growing past its first size", () => {
  const bits = new Bits();
  const set = [1, 7, 8, 8191, 8192, 1_000_000];
  for (const n of set) bits.set(n);
  for (const n of [0, 2, 9, 8190, 8193, 999_999, 2_000_000]) assertEquals(bits.has(n), false);
  for (const n of set) assertEquals(bits.has(n), true);
});
