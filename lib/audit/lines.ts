/**
 * Reading JSON Lines without holding the file: lines are yielded as they are decoded, and a
 * line too long to be a record is skipped unread (only its length is counted), so memory stays
 * flat whatever a hostile or broken file holds.
 *
 * @module
 */

/**
 * Longest line read, in bytes (not counting its `\n`). A line holds one datastore item, at most
 * 400 KB by Slack's documented limit (measured on its JSON), plus the export's own attributes
 * (`_datastore`, `_seq`, `_chain`: under 200 bytes). Twice and more that leaves room for how
 * Slack counts the size, yet is a bound: a longer line cannot be an item or an exported record,
 * and holding it (a file of one multi-GB line) would grow memory with it until the process died.
 */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Bytes read at a time by {@linkcode readLines}: below V8's large-object size, so each buffer
 * (and the text decoded from it) is young garbage, collected at once; larger ones wait for a
 * full collection and memory grows with the file until one comes.
 */
const READ_BYTES = 64 * 1024;

/** A line longer than the limit, skipped unread: what is known of it is its length. */
export class LongLine {
  /**
   * @param bytes the line's length in bytes (without its `\n`; up to the end of the file)
   * @param limit the limit it is longer than
   */
  constructor(readonly bytes: number, readonly limit: number = MAX_LINE_BYTES) {}

  /** Why the line was not read, for a report: `longer than 1 MiB (3145728 bytes)`. */
  get why(): string {
    const mib = this.limit / (1024 * 1024);
    const limit = Number.isInteger(mib) ? `${mib} MiB` : `${this.limit} bytes`;
    return `longer than ${limit} (${this.bytes} bytes)`;
  }
}

/** Something to read bytes from, like `Deno.FsFile`. */
export interface ByteReader {
  read(into: Uint8Array): Promise<number | null>;
}

/**
 * Yields the lines of a byte stream (UTF-8), without their `\n` or `\r\n`. A final line
 * without a newline is yielded too. A line longer than `limit` bytes is yielded as a
 * {@linkcode LongLine} instead: its bytes are counted and dropped as they come. Read through
 * {@linkcode lineBlocks}, which skips through one buffer: a stream's chunks, each a new buffer,
 * piled up as garbage faster than it was collected while a long line went by.
 */
export async function* readLines(
  reader: ByteReader,
  limit: number = MAX_LINE_BYTES,
): AsyncGenerator<string | LongLine> {
  // Each line is decoded on its own (a `\n` byte is never inside a UTF-8 character); a byte
  // order mark is dropped at the start of the file only, as a text stream does.
  let decoder = new TextDecoder();
  const later = new TextDecoder("utf-8", { ignoreBOM: true });
  for await (const block of lineBlocks(reader, READ_BYTES, undefined, limit)) {
    if (block instanceof LongLine) {
      yield block;
      decoder = later;
      continue;
    }
    for (let start = 0; start < block.length;) {
      let end = block.indexOf(0x0a, start);
      if (end === -1) end = block.length;
      const line = decoder.decode(block.subarray(start, end));
      yield line.endsWith("\r") ? line.slice(0, -1) : line;
      decoder = later;
      start = end + 1;
    }
  }
}

/**
 * Yields a byte stream in blocks of whole lines of about `size` bytes (more when one line is
 * longer), each ending with `\n` except perhaps the last. Every block has a buffer of its own,
 * so it can be transferred to a worker thread; a `\n` byte is never inside a UTF-8 character,
 * so each block decodes on its own exactly as the whole stream would.
 *
 * A line longer than `limit` bytes comes as a {@linkcode LongLine} in its place: it is read on
 * through one buffer, counted and dropped. No block is longer than `limit + 1` bytes, so no
 * line inside one can be longer than `limit`.
 *
 * @param allocate makes (or hands back for reuse) a buffer of at least the given size
 */
export async function* lineBlocks(
  reader: ByteReader,
  size = 256 * 1024,
  allocate: (size: number) => Uint8Array<ArrayBuffer> = (n) => new Uint8Array(n),
  limit: number = MAX_LINE_BYTES,
): AsyncGenerator<Uint8Array<ArrayBuffer> | LongLine> {
  const block = Math.min(size, limit + 1);
  let carry = new Uint8Array(0);
  while (true) {
    // A line longer than the block grows its buffer, up to one byte past the limit.
    const want = Math.max(block, Math.min(carry.length * 2, limit + 1));
    const buffer = allocate(want);
    buffer.set(carry);
    let used = carry.length;
    let eof = false;
    while (used < want) {
      const n = await reader.read(buffer.subarray(used, want));
      if (n === null) {
        eof = true;
        break;
      }
      used += n;
    }
    // At the end a last line without `\n` is shorter than `want`, so never over the limit.
    if (eof) {
      if (used > 0) yield buffer.subarray(0, used);
      return;
    }
    const cut = buffer.lastIndexOf(0x0a, used - 1) + 1;
    if (cut > 0) {
      carry = buffer.slice(cut, used);
      yield buffer.subarray(0, cut);
    } else if (used <= limit) {
      carry = buffer.subarray(0, used); // no line end yet: read on into a bigger buffer
    } else {
      // Longer than the limit: skip to its end through this buffer, holding none of it.
      let skipped = used;
      while (true) {
        const n = await reader.read(buffer.subarray(0, want));
        if (n === null) {
          yield new LongLine(skipped, limit);
          return;
        }
        const newline = buffer.subarray(0, n).indexOf(0x0a);
        if (newline === -1) {
          skipped += n;
          continue;
        }
        yield new LongLine(skipped + newline, limit);
        carry = buffer.slice(newline + 1, n);
        break;
      }
    }
  }
}
