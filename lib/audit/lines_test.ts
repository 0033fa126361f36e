import { assert, assertEquals } from "@std/assert";
import { type ByteReader, lineBlocks, LongLine, MAX_LINE_BYTES, readLines } from "./lines.ts";

/** A reader handing out `chunks` in turn (a read never crosses two), like a slow file. */
function readerOfChunks(chunks: Iterable<Uint8Array>): ByteReader {
  const next = chunks[Symbol.iterator]();
  let chunk: Uint8Array = new Uint8Array(0);
  return {
    read(into: Uint8Array): Promise<number | null> {
      while (chunk.length === 0) {
        const { value, done } = next.next();
        if (done) return Promise.resolve(null);
        chunk = value;
      }
      const n = Math.min(into.length, chunk.length);
      into.set(chunk.subarray(0, n));
      chunk = chunk.subarray(n);
      return Promise.resolve(n);
    },
  };
}

/** A reader over `bytes` that hands out at most `step` bytes per read. */
function readerOf(bytes: Uint8Array, step: number): ByteReader {
  const chunks = [];
  for (let at = 0; at < bytes.length; at += step) chunks.push(bytes.subarray(at, at + step));
  return readerOfChunks(chunks);
}

async function collect(chunks: string[]): Promise<(string | LongLine)[]> {
  const out: (string | LongLine)[] = [];
  const encoder = new TextEncoder();
  for await (const line of readLines(readerOfChunks(chunks.map((c) => encoder.encode(c))))) {
    out.push(line);
  }
  return out;
}

Deno.test("lines split across chunks, CRLF endings and a last line without newline", async () => {
  assertEquals(await collect(['{"a":', '1}\r\n{"b"', ":2}\n\n", '{"c":3}']), [
    '{"a":1}',
    '{"b":2}',
    "",
    '{"c":3}',
  ]);
  // A byte order mark is dropped at the start of the file only, as a text stream does.
  assertEquals(await collect(["\ufeff{}\n\ufeffb\n"]), ["{}", "\ufeffb"]);
});

Deno.test("a multi-byte character split between chunks is decoded whole", async () => {
  const bytes = new TextEncoder().encode("é—x\n");
  const reader = readerOfChunks([bytes.slice(0, 1), bytes.slice(1, 4), bytes.slice(4)]);
  const out: (string | LongLine)[] = [];
  for await (const line of readLines(reader)) out.push(line);
  assertEquals(out, ["é—x"]);
});

Deno.test("blocks hold whole lines, grow for a long line, and decode like the stream", async () => {
  const text = "é—𝄞\r\n" + "x".repeat(50) + "\n\n" + '{"a":1}\n' + "short\nlast";
  const bytes = new TextEncoder().encode(text);
  for (const step of [1, 3, 7, 1000]) {
    const blocks: Uint8Array[] = [];
    for await (const block of lineBlocks(readerOf(bytes, step), 8)) {
      if (block instanceof Uint8Array) blocks.push(block);
    }
    // Every block but the last ends a line, and each has a buffer of its own.
    for (const block of blocks.slice(0, -1)) assertEquals(block.at(-1), 0x0a);
    assertEquals(new Set(blocks.map((b) => b.buffer)).size, blocks.length);
    const decoded = blocks.map((b) => new TextDecoder().decode(b)).join("");
    assertEquals(decoded, text, `step ${step}`);
  }
});

Deno.test("an empty stream has no blocks", async () => {
  const blocks = [];
  for await (const block of lineBlocks(readerOf(new Uint8Array(0), 10))) blocks.push(block);
  assertEquals(blocks, []);
});

/** Lines around ones over a 16-byte limit: at 16, at 17 (`\r` counts), 20, and last (30). */
const LIMIT = 16;
const AROUND = "ab\n" + "w".repeat(16) + "\n" + "x".repeat(20) + "\ncd\n" + "y".repeat(16) +
  "\r\n" + "\ufeffe\n" + "z".repeat(30);

/** Blocks as text, a skipped line as its length (its line end went with it). */
async function blockParts(reader: ByteReader, size: number, limit: number) {
  const parts: (string | number)[] = [];
  for await (const block of lineBlocks(reader, size, undefined, limit)) {
    if (block instanceof LongLine) parts.push(block.bytes);
    else {
      assert(block.length <= limit + 1, `a block of ${block.length} bytes`);
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(block);
      // Blocks cut between lines anywhere: join them to compare.
      if (typeof parts.at(-1) === "string") parts[parts.length - 1] += text;
      else parts.push(text);
    }
  }
  return parts;
}

Deno.test("a line over the limit is skipped and counted, the lines around it read", async () => {
  const bytes = new TextEncoder().encode(AROUND);
  for (const step of [1, 3, 7, 1000]) {
    const lines = [];
    for await (const line of readLines(readerOf(bytes, step), LIMIT)) {
      lines.push(line instanceof LongLine ? line.bytes : line);
    }
    assertEquals(lines, ["ab", "w".repeat(16), 20, "cd", 17, "\ufeffe", 30], `step ${step}`);
    for (const size of [4, 8, 64]) {
      assertEquals(
        await blockParts(readerOf(bytes, step), size, LIMIT),
        ["ab\n" + "w".repeat(16) + "\n", 20, "cd\n", 17, "\ufeffe\n", 30],
        `lineBlocks, step ${step}, size ${size}`,
      );
    }
  }
  assertEquals(new LongLine(3 * MAX_LINE_BYTES).why, "longer than 1 MiB (3145728 bytes)");
  assertEquals(new LongLine(20, LIMIT).why, "longer than 16 bytes (20 bytes)");
});

Deno.test("a buffer handed back larger than asked for holds no more than asked", async () => {
  // The worker pool reuses buffers: a block must still end a line, within the limit.
  const bytes = new TextEncoder().encode(AROUND);
  const parts: (string | number)[] = [];
  for await (const block of lineBlocks(readerOf(bytes, 1000), 4, () => new Uint8Array(64), 16)) {
    parts.push(block instanceof LongLine ? block.bytes : new TextDecoder().decode(block));
  }
  assertEquals(parts.filter((p) => typeof p === "number"), [20, 17, 30]);
  assertEquals(parts.filter((p) => typeof p === "string").join("").split("\n").length, 5);
});

/** A short line, a record line of `megabytes` MiB, then `end`; made as it is read, in 64 KiB. */
function* hugeLine(megabytes: number, end: string): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode('{"a":1}\n{"x":"');
  const chunk = new Uint8Array(64 * 1024).fill(0x78);
  for (let i = 0; i < megabytes * 16; i++) yield chunk;
  yield encoder.encode(`"}${end}`);
}

Deno.test("a 3 MiB line is skipped with the real limit, in the middle and at the end", async () => {
  for (const end of ['\n{"b":2}\n', ""]) {
    const after = end ? ['{"b":2}'] : [];
    const lines = [];
    for await (const line of readLines(readerOfChunks(hugeLine(3, end)))) {
      lines.push(line instanceof LongLine ? line.why : line);
    }
    assertEquals(lines, ['{"a":1}', "longer than 1 MiB (3145736 bytes)", ...after]);
    const blocks = [];
    for await (const block of lineBlocks(readerOfChunks(hugeLine(3, end)))) {
      blocks.push(block instanceof LongLine ? block.why : new TextDecoder().decode(block));
    }
    const lineEnds = end ? ['{"b":2}\n'] : [];
    assertEquals(blocks, ['{"a":1}\n', "longer than 1 MiB (3145736 bytes)", ...lineEnds]);
  }
});
