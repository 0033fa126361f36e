/**
 * Reading JSON Lines without holding the file: lines are yielded as they are decoded.
 *
 * @module
 */

/**
 * Yields the lines of a byte stream (UTF-8), without their `\n` or `\r\n`. A final line
 * without a newline is yielded too.
 */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let rest = "";
  // A streaming TextDecoder keeps a character split between chunks whole.
  const decoder = new TextDecoder();
  for await (const bytes of stream) {
    const chunk = decoder.decode(bytes, { stream: true });
    let start = 0;
    let end = chunk.indexOf("\n");
    if (end === -1) {
      rest += chunk;
      continue;
    }
    let line = rest + chunk.slice(0, end);
    rest = "";
    while (true) {
      yield line.endsWith("\r") ? line.slice(0, -1) : line;
      start = end + 1;
      end = chunk.indexOf("\n", start);
      if (end === -1) break;
      line = chunk.slice(start, end);
    }
    rest = chunk.slice(start);
  }
  rest += decoder.decode();
  if (rest !== "") yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}

/** Something to read bytes from, like `Deno.FsFile`. */
export interface ByteReader {
  read(into: Uint8Array): Promise<number | null>;
}

/**
 * Yields a byte stream in blocks of whole lines of about `size` bytes (more when one line is
 * longer), each ending with `\n` except perhaps the last. Every block has a buffer of its own,
 * so it can be transferred to a worker thread; a `\n` byte is never inside a UTF-8 character,
 * so each block decodes on its own exactly as the whole stream would.
 *
 * @param allocate makes (or hands back for reuse) a buffer of at least the given size
 */
export async function* lineBlocks(
  reader: ByteReader,
  size = 256 * 1024,
  allocate: (size: number) => Uint8Array<ArrayBuffer> = (n) => new Uint8Array(n),
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  let carry = new Uint8Array(0);
  while (true) {
    const buffer = allocate(Math.max(size, carry.length * 2));
    buffer.set(carry);
    let used = carry.length;
    let eof = false;
    while (used < buffer.length) {
      const n = await reader.read(buffer.subarray(used));
      if (n === null) {
        eof = true;
        break;
      }
      used += n;
    }
    if (eof) {
      if (used > 0) yield buffer.subarray(0, used);
      return;
    }
    const cut = buffer.lastIndexOf(0x0a, used - 1) + 1;
    // No line end yet: the line is longer than the buffer; read on into a bigger one.
    carry = cut === 0 ? buffer : buffer.slice(cut, used);
    if (cut > 0) yield buffer.subarray(0, cut);
  }
}
