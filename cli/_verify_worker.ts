/**
 * A worker thread of `verify`: analyzes blocks of whole lines of the export (parsing, signed
 * text, chain links and the Ed25519 record signatures, the costly part) so that every core
 * shares a large file and the main thread only reads and folds results. Messages: `{ keys }`
 * once, then `{ id, bytes }` (the block's bytes, transferred) answered with `{ id, result,
 * buffer }` or `{ id, error, buffer }`: the block's buffer goes back to be filled again, since
 * buffers freed on another thread than the one that made them pile up in native memory.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { type SyncPublicKey, syncPublicKey } from "../lib/audit/ed25519_sync.ts";
import { analyzeBlock } from "../lib/audit/verify_block.ts";
import { Collector } from "./_gc.ts";

let keys = new Map<string, SyncPublicKey>();
const collector = new Collector();

self.onmessage = (event: MessageEvent) => {
  const data = event.data as {
    keys?: { keyId: string; publicKey: string }[];
    id?: number;
    bytes?: Uint8Array<ArrayBuffer>;
  };
  if (data.keys) {
    keys = new Map(data.keys.map((k) => [k.keyId, syncPublicKey(k.keyId, k.publicKey)]));
    return;
  }
  const buffer = data.bytes!.buffer;
  try {
    const result = analyzeBlock(data.bytes!, keys);
    self.postMessage({ id: data.id, result, buffer }, [buffer]);
    collector.count(result.flags.length);
  } catch (error) {
    self.postMessage({ id: data.id, error: (error as Error).message, buffer }, [buffer]);
  }
};
