import { assertEquals } from "@std/assert";
import { lineBlocks, readLines } from "./lines.ts";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return ReadableStream.from(chunks.map((c) => encoder.encode(c)));
}

async function collect(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readLines(streamOf(chunks))) out.push(line);
  return out;
}

Deno.test("lines split across chunks, CRLF endings and a last line without newline", async () => {
  assertEquals(await collect(['{"a":', '1}\r\n{"b"', ":2}\n\n", '{"c":3}']), [
    '{"a":1}',
    '{"b":2}',
    "",
    '{"c":3}',
  ]);
});

Deno.test("a multi-byte character split between chunks is decoded whole", async () => {
  const bytes = new TextEncoder().encode("é—x\n");
  const stream = ReadableStream.from([bytes.slice(0, 1), bytes.slice(1, 4), bytes.slice(4)]);
  const out: string[] = [];
  for await (const line of readLines(stream)) out.push(line);
  assertEquals(out, ["é—x"]);
});

/** A reader over `bytes` that hands out at most `step` bytes per read, like a slow file. */
function readerOf(bytes: Uint8Array, step: number) {
  let at = 0;
  return {
    read(into: Uint8Array): Promise<number | null> {
      if (at >= bytes.length) return Promise.resolve(null);
      const n = Math.min(step, into.length, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      return Promise.resolve(n);
    },
  };
}

Deno.test("blocks hold whole lines, grow for a long line, and decode like the stream", async () => {
  const text = "é—𝄞\r\n" + "x".repeat(50) + "\n\n" + '{"a":1}\n' + "short\nlast";
  const bytes = new TextEncoder().encode(text);
  for (const step of [1, 3, 7, 1000]) {
    const blocks: Uint8Array[] = [];
    for await (const block of lineBlocks(readerOf(bytes, step), 8)) blocks.push(block);
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
