import { assert, assertEquals } from "@std/assert";
import { lineBlocks, LongLine } from "../lib/audit/mod.ts";
import { readHead } from "./_verify_blocks.ts";

/** Blocks of `text` (UTF-8, with `prefix` bytes before it) of about `size` bytes. */
function blocksOf(text: string, size: number, prefix: number[] = [], limit?: number) {
  const bytes = new Uint8Array([...prefix, ...new TextEncoder().encode(text)]);
  let at = 0;
  return lineBlocks(
    {
      read(into: Uint8Array): Promise<number | null> {
        if (at >= bytes.length) return Promise.resolve(null);
        const n = Math.min(into.length, bytes.length - at);
        into.set(bytes.subarray(at, at + n));
        at += n;
        return Promise.resolve(n);
      },
    },
    size,
    undefined,
    limit,
  );
}

const decode = (bytes?: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("the head is the first non-blank line, read as a text stream reads it", async () => {
  const bom = [0xef, 0xbb, 0xbf];
  for (const size of [4, 64]) {
    // A byte order mark at the start of the file is dropped; blank lines are counted.
    let head = await readHead(blocksOf('\r\n  \n{"h":1}\r\n{"a":2}\n', size, bom));
    assertEquals([head.text, head.lineNo], ['{"h":1}', 3]);
    // The rest of the head's block comes back in a buffer of its own.
    if (size === 64) assertEquals(decode(head.rest), '{"a":2}\n');

    head = await readHead(blocksOf('{"only":true}', size));
    assertEquals([head.text, head.lineNo, head.rest], ['{"only":true}', 1, undefined]);

    head = await readHead(blocksOf("\n \n", size));
    assertEquals([head.text, head.lineNo], [undefined, 2]);

    // A byte order mark on a later line is content (here a line `trim()` finds blank).
    head = await readHead(blocksOf("\n\ufeffx\n{}", size));
    assertEquals([head.text, head.lineNo], ["\ufeffx", 2]);
  }
});

Deno.test("a first line too long to read is the head, as its length", async () => {
  for (const size of [4, 64]) {
    const head = await readHead(blocksOf(' \n{"h":"' + "x".repeat(40) + '"}\n{}\n', size, [], 16));
    assert(head.text instanceof LongLine);
    assertEquals([head.text.bytes, head.lineNo, head.rest], [48, 2, undefined]);
  }
});
