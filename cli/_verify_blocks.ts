/**
 * Feeding an export to the verifier in blocks of whole lines: the header line read by hand on
 * the main thread, then every block analyzed (by worker threads for a large file) and folded
 * in file order.
 *
 * @module
 */
import { analyzeBlock, AuditVerifier, type BlockResult } from "../lib/audit/mod.ts";
import { Collector } from "./_gc.ts";

/** The first non-blank line and what follows it in its block. */
export interface Head {
  /** The line's text (undefined: the file has no non-blank line). */
  text?: string;
  /** Its line number. */
  lineNo: number;
  /** The rest of its block, in a buffer of its own. */
  rest?: Uint8Array<ArrayBuffer>;
}

/** Reads the first non-blank line from blocks of whole lines (see `lineBlocks`). */
export async function readHead(blocks: AsyncGenerator<Uint8Array<ArrayBuffer>>): Promise<Head> {
  let lineNo = 0;
  // Manual `next()`: breaking out of a for-await loop would close the generator.
  for (let next = await blocks.next(); !next.done; next = await blocks.next()) {
    const block = next.value;
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
  blocks: AsyncIterable<Uint8Array<ArrayBuffer>>,
  analyze: Analyze,
  inFlight: number,
): Promise<void> {
  verifier.line(head.text ?? "", head.lineNo);
  let lineNo = head.lineNo + 1;
  const queue: Promise<BlockResult>[] = [];
  const collector = new Collector();
  const push = (bytes: Uint8Array<ArrayBuffer>) => {
    const result = analyze(bytes);
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
