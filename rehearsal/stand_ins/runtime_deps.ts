/**
 * Stand-ins for what deno-slack-runtime 1.1.3's `deps.ts` imports besides the API client:
 * `readAll` (std 0.99 io), `parse` (std 0.99 flags) and `createManifest` (deno_slack_builder,
 * used only by `local-run.ts`, which the hosted path never loads).
 *
 * @module
 */

/** Reads a reader to its end. */
export async function readAll(reader: { read(p: Uint8Array): Promise<number | null> }) {
  const chunks: Uint8Array[] = [];
  for (;;) {
    const buf = new Uint8Array(16_384);
    const n = await reader.read(buf);
    if (n === null) break;
    chunks.push(buf.subarray(0, n));
  }
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** `--name value`, `--name=value` and `-p value` flags (what the runtime's entry points read). */
export function parse(args: string[]): Record<string, string | boolean | string[]> {
  const out: Record<string, string | boolean | string[]> & { _: string[] } = { _: [] };
  for (let i = 0; i < args.length; i++) {
    const m = args[i].match(/^--?([^=]+)(?:=(.*))?$/);
    if (!m) out._.push(args[i]);
    else if (m[2] !== undefined) out[m[1]] = m[2];
    else if (i + 1 < args.length && !args[i + 1].startsWith("-")) out[m[1]] = args[++i];
    else out[m[1]] = true;
  }
  return out;
}

/** Not used on the hosted path (only `local-run.ts` builds a manifest). */
export function createManifest(): never {
  throw new Error("createManifest is not available in the deploy rehearsal");
}
