import { assert, assertEquals, assertMatch } from "@std/assert";
import fc from "fast-check";
import { MISSING_LISTED, Positions, POSITIONS_FLOOR, POSITIONS_PER_RECORD } from "./positions.ts";

/** Feeds `seqs` in order; the reasons given for each. */
function feed(positions: Positions, seqs: number[]): string[][] {
  return seqs.map((seq) => {
    const reasons: string[] = [];
    positions.add(seq, reasons);
    return reasons;
  });
}

Deno.test("a claimed position past what the records read can hold is the problem, not a size", () => {
  const positions = new Positions();
  const started = performance.now();
  const reasons = feed(positions, [1, 2, 4e9, 9e15, 2 ** 53, 3, 1.5, -1, NaN, 2]);
  assertMatch(reasons[2][0], /^export position 4000000000 is out of range: far more than the 3/);
  assertMatch(reasons[3][0], /^export position 9000000000000000 is out of range/);
  assertEquals(reasons[4], ["no valid export position (_seq 9007199254740992)"]);
  assertEquals(reasons[5], []); // the records around them are checked as before
  assertEquals(reasons[6], ["no valid export position (_seq 1.5)"]);
  assertEquals(reasons[7], ["no valid export position (_seq -1)"]);
  assertEquals(reasons[8], ["no valid export position (_seq is missing or not a number)"]);
  assertEquals(reasons[9], ["duplicate of export position 2"]);
  assertEquals(positions.highest, 3);
  // The trailer's count is a claim too: within the limit its gap is one range, past it nothing.
  assertEquals(positions.missing(9e15), { total: 0, reasons: [] });
  assertEquals(positions.missing(POSITIONS_FLOOR).reasons, [
    `missing: no line has export positions 4–${POSITIONS_FLOOR} (removed from the file; ids unknown)`,
  ]);
  // Tracking positions up to a claimed 9e15 would never finish; a correct tracker takes
  // microseconds. The bound is generous so a busy machine cannot fail it.
  assert(performance.now() - started < 30_000);
});

Deno.test("the positions tracked grow with the records read, a file with its start removed still lists the gap", () => {
  const positions = new Positions();
  assertEquals(positions.limit, POSITIONS_FLOOR);
  // An export whose first ten million records were removed from the file.
  assertEquals(feed(positions, [10_000_001, 10_000_002]), [[], []]);
  assertEquals(positions.missing(10_000_002).reasons, [
    "missing: no line has export positions 1–10000000 (removed from the file; ids unknown)",
  ]);
  for (let n = 1; n <= POSITIONS_FLOOR / POSITIONS_PER_RECORD; n++) positions.add(n, []);
  assertEquals(positions.limit, POSITIONS_FLOOR + 2 * POSITIONS_PER_RECORD);
});

Deno.test("missing positions come out as ranges, a bounded number of them", () => {
  const positions = new Positions();
  // Every other position: as many gaps as records, from a file of 1,000 lines.
  feed(positions, Array.from({ length: 1_000 }, (_, i) => 2 * i + 2));
  const missing = positions.missing(2_000);
  assertEquals(missing.total, 1_000);
  assertEquals(missing.reasons.length, MISSING_LISTED + 1);
  assertEquals(
    missing.reasons[0],
    "missing: no line has export position 1 (removed from the file; ids unknown)",
  );
  assertEquals(
    missing.reasons[MISSING_LISTED],
    "missing: 900 more ranges of export positions (900 positions, up to 1999), not listed one by one",
  );
});

Deno.test("missing ranges are exactly the positions no record had", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 200 }), (seqs) => {
      const positions = new Positions();
      feed(positions, seqs);
      const seen = new Set(seqs);
      const highest = Math.max(0, ...seqs);
      const expected: string[] = [];
      for (let n = 1; n <= highest; n++) {
        if (seen.has(n)) continue;
        let last = n;
        while (last + 1 <= highest && !seen.has(last + 1)) last++;
        const range = n === last ? `position ${n}` : `positions ${n}–${last}`;
        expected.push(`missing: no line has export ${range} (removed from the file; ids unknown)`);
        n = last;
      }
      const missing = positions.missing();
      assertEquals(missing.reasons, expected);
      assertEquals(missing.total, highest - seen.size);
    }),
  );
});
