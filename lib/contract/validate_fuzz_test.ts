/**
 * Hostile-input sweep: seeded pseudo-random requests (wrong types, huge strings, surrogates,
 * controls, injection text) must never make validation throw, and every rejection detail must
 * stay printable and free of the signature.
 */
import { assert, assertEquals } from "@std/assert";
import { REQUEST_FIELDS } from "./fields.ts";
import { findForbiddenCharacter } from "./text.ts";
import { validateRequest } from "./validate.ts";
import { sampleRequest } from "./_testing.ts";

/** Small deterministic PRNG (mulberry32) so a failure is reproducible. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "<!channel>",
  "<@U123>",
  "<https://evil.example|click>",
  "*bold*",
  "\u0000",
  "\n",
  "\u202e",
  "\u200b",
  "\u00ad",
  "\ud800",
  "\udfff",
  "🚀",
  "é",
  "%",
  "%0A",
  "&",
  "=",
  " ",
  "a",
  "Z",
  "9",
  "-",
  ":",
  '"',
  "\\",
];

Deno.test("validateRequest never throws and keeps details printable on hostile input", () => {
  const random = prng(20261124);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const base = { ...sampleRequest(1_700_000_000_000), signature: "S".repeat(85) + "Q==" };
  let rejected = 0;
  for (let i = 0; i < 3000; i++) {
    const raw: Record<string, unknown> = { ...base };
    const field = pick(REQUEST_FIELDS);
    const kind = random();
    if (kind < 0.1) raw[field] = pick([1, true, null, {}, [], 1.5, -0]);
    else if (kind < 0.15) raw[field] = "x".repeat(Math.floor(random() * 5000));
    else {
      const length = Math.floor(random() * 12);
      raw[field] = Array.from({ length }, () => pick(PIECES)).join("");
    }
    const result = validateRequest(raw);
    if (result.ok) continue;
    rejected++;
    assertEquals(result.field, field);
    assertEquals(findForbiddenCharacter(result.detail), undefined, result.detail);
    assert(result.detail.length < 400, result.detail);
    assert(!result.detail.includes("SSSSSSSS"), "signature echoed");
  }
  assert(rejected > 2000, `only ${rejected} rejections: the sweep is not hostile enough`);
});
