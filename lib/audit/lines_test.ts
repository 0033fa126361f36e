import { assertEquals } from "@std/assert";
import { readLines } from "./lines.ts";

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
