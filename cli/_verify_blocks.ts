/**
 * Feeding an export to the verifier in blocks of whole lines: the header line read by hand on
 * the main thread, then every block analyzed (by worker threads for a large file) and folded
 * in file order. A line too long to read (see `lineBlocks`) is folded in its place, as an invalid
 * line of its own.
 *
 * @module
 */
import {
  analyzeBlock,
  AuditVerifier,
  type BlockResult,
  type LongLine,
  longLineResult,
} from "../lib/audit/mod.ts";
import { Collector } from "./_gc.ts";

/** The first non-blank line and what follows it in its block. */
export interface Head {
  /** The line's text, or its length when too long (undefined: no non-blank line). */
  text?: string | LongLine;
  /** Its line number. */
  lineNo: number;
  /** The rest of its block, in a buffer of its own. */
  rest?: Uint8Array<ArrayBuffer>;
}

/** Blocks of whole lines and lines too long to read, as `lineBlocks` yields them. */
export type Blocks = AsyncGenerator<Uint8Array<ArrayBuffer> | LongLine>;

/** Reads the first non-blank line from blocks of whole lines (see `lineBlocks`). */
export async function readHead(blocks: Blocks): Promise<Head> {
  let lineNo = 0;
  // Manual `next()`: breaking out of a for-await loop would close the generator.
  for (let next = await blocks.next(); !next.done; next = await blocks.next()) {
    const block = next.value;
    if (!(block instanceof Uint8Array)) return { text: block, lineNo: lineNo + 1 };
    for (let start = 0; start < block.length;) {
      let end = block.indexOf(0x0a, start);
      if (end === -1) end = block.length;
      // A byte order mark is dropped at the start of the file only, as a text stream does.
      const decoder = new TextDecoder("utf-8", { ignoreBOM: lineNo > 0 });
      let text = decoder.decode(block.subarray(start, end));
      if (text.endsWith("\r")) text = text.slice(0, -1);
      lineNo++;
      start = end + 1;
      if (text.trim() !== "") {
        return { text, lineNo, rest: start < block.length ? block.slice(start) : undefined };
      }
    }
  }
  return { lineNo };
}

/** Where blocks are analyzed: a worker pool, or this thread. */
export type Analyze = (bytes: Uint8Array<ArrayBuffer>) => Promise<BlockResult>;

/** Analyzes blocks on this thread (small files: workers would cost more than they save). */
export function analyzeHere(verifier: AuditVerifier): Analyze {
  return (bytes) => Promise.resolve(analyzeBlock(bytes, verifier.keys));
}

/**
 * Gives the verifier the header and then every block: up to `inFlight` blocks are being
 * analyzed at once, and results are folded in file order.
 */
export async function verifyBlocks(
  verifier: AuditVerifier,
  head: Head,
  blocks: AsyncIterable<Uint8Array<ArrayBuffer> | LongLine>,
  analyze: Analyze,
  inFlight: number,
): Promise<void> {
  verifier.line(head.text ?? "", head.lineNo);
  let lineNo = head.lineNo + 1;
  const queue: Promise<BlockResult>[] = [];
  const collector = new Collector();
  const push = (block: Uint8Array<ArrayBuffer> | LongLine) => {
    const result = block instanceof Uint8Array
      ? analyze(block)
      : Promise.resolve(longLineResult(block));
    // Awaited in order below; until then a failure must not count as unhandled.
    result.catch(() => {});
    queue.push(result);
  };
  const fold = async () => {
    const result = await queue.shift()!;
    verifier.block(result, lineNo);
    lineNo += result.lines;
    collector.count(result.flags.length); // keeps memory flat; see _gc.ts
  };
  if (head.rest) push(head.rest);
  for await (const block of blocks) {
    while (queue.length >= inFlight) await fold();
    push(block);
  }
  while (queue.length > 0) await fold();
}
