/**
 * The per-line half of verifying an audit export: everything about a line that its own text
 * (and the line before it) can show — is it JSON, a record or the trailer, which attributes were
 * added, does its signature verify, does its `_chain` follow the line before. It runs on a block
 * of whole lines at a time, on worker threads for a large file, and knows nothing of the rest of
 * the file: positions, counts and the seal are the sequential half ({@linkcode AuditVerifier}).
 *
 * A line's chain link depends only on the line before's stored `_chain`, never on a computed
 * one, so blocks are independent. The one exception is a block's first record, whose previous
 * line is in another block: its check is handed back ({@linkcode LineDetail.head}) for the
 * verifier to finish with the link it has, one hash per block.
 *
 * @module
 */
import { RECORD_VERSION, recordMessage } from "./canonical.ts";
import { SignatureBatch, type SyncPublicKey } from "./ed25519_sync.ts";
import { chainPrefix, chainSuffix, chainTail, EXPORT_FIELDS } from "./export_format.ts";
import { notExportedForm, parseObject, quote } from "./line_form.ts";
import type { LongLine } from "./lines.ts";

/** What a line is (the low two bits of {@linkcode BlockResult.flags}). */
export const KIND_INVALID = 1;
export const KIND_RECORD = 2;
export const KIND_TRAILER = 3;
/** The kind bits of a flag byte. */
export const KIND_MASK = 3;
/** The record signature was checked and is valid. */
export const SIGNED = 4;
/** The record signature was checked and is not valid. */
export const SIGNATURE_FAILED = 8;
/** The stored `_chain` does not follow the line before. */
export const CHAIN_MISMATCH = 16;
/** An unsigned pending decision. */
export const PENDING = 32;
/** The line is not in the form the exporter writes (see `line_form.ts`); why is in its detail. */
export const NOT_EXPORTED_FORM = 64;

/** What a line has beyond its flags; most record lines have none. */
export interface LineDetail {
  /** Why an invalid line is not a JSON object. */
  invalid?: string;
  /** Why the line is not in the exported form (with {@linkcode NOT_EXPORTED_FORM}). */
  form?: string;
  /** Problems found before the position checks (attributes added outside the signed content). */
  added?: string[];
  /** Problems with the signature attributes (unsigned, unknown key …). */
  signature?: string[];
  /** The block's first record: its chain link is the verifier's to check. */
  head?: { suffix: string; stored?: string };
  /** The trailer line's attributes as found (any JSON types). */
  trailer?: Record<string, unknown>;
  /** Whether the trailer's chain is the line before's link; absent when that is in another block. */
  trailerFollows?: boolean;
}

/**
 * What one block of lines holds, in arrays per non-blank line so that a worker hands it back
 * cheaply (typed arrays move without copying).
 */
export interface BlockResult {
  /** Lines in the block, blank ones included. */
  lines: number;
  /** Per non-blank line: its index in the block. */
  at: Uint32Array;
  /** Per non-blank line: kind and findings, `KIND_*` | `SIGNED` | … bits. */
  flags: Uint8Array;
  /** Per non-blank line: `_seq` when it is a number, else NaN (JSON has no NaN). */
  seqs: Float64Array;
  /** Per non-blank line: the `id` attribute when it is a string. */
  ids: (string | undefined)[];
  /** Per non-blank line: the `_datastore` attribute when it is a string. */
  datastores: (string | undefined)[];
  /** Details by index of non-blank line. */
  details: Map<number, LineDetail>;
  /** Whether a line of the block set the link the next line follows (a record or an invalid line). */
  linked: boolean;
  /** That link: the last such line's stored `_chain` (undefined when it has none). */
  end?: string;
}

const ID_PATTERN = /"id"\s*:\s*"((?:[^"\\]|\\.){0,200})"/;

/** Whether a line is blank (`trim()` empty), with a fast answer for the usual `{`. */
function isBlank(text: string): boolean {
  return text.charCodeAt(0) !== 0x7b && text.trim() === "";
}

/** A block being analyzed: its per-line arrays, and the link the next line follows. */
class Collect {
  /** Lines so far, blank ones included. */
  lines = 0;
  /** The link the next line follows; while `linked` is false it is the previous block's. */
  previous: string | undefined;
  linked = false;
  at: number[] = [];
  flags: number[] = [];
  seqs: number[] = [];
  ids: (string | undefined)[] = [];
  datastores: (string | undefined)[] = [];
  details = new Map<number, LineDetail>();

  push(at: number, flags: number, id: unknown, seq?: unknown, datastore?: unknown): number {
    this.at.push(at);
    this.flags.push(flags);
    this.seqs.push(typeof seq === "number" ? seq : NaN);
    this.ids.push(typeof id === "string" ? id : undefined);
    this.datastores.push(typeof datastore === "string" ? datastore : undefined);
    return this.at.length - 1;
  }

  detail(index: number): LineDetail {
    let detail = this.details.get(index);
    if (!detail) this.details.set(index, detail = {});
    return detail;
  }
}

/** The attribute names of the last record shape seen, and what {@linkcode addedAttributes} said. */
let lastNames: string[] = [];
let lastAdded: string[] = [];

/**
 * Problems with attribute names: attributes starting with `_` are not signed, so only the
 * export's own may appear. Every record of an export has the same names, so the answer for the
 * last shape seen is kept.
 */
function addedAttributes(names: string[]): string[] {
  if (names.length === lastNames.length && names.every((name, i) => name === lastNames[i])) {
    return lastAdded;
  }
  lastNames = names;
  lastAdded = names.filter((name) => name.startsWith("_") && !EXPORT_FIELDS.includes(name))
    .map((name) => `attribute ${quote(name)} was added (not in any export)`);
  return lastAdded;
}

/** Options of {@linkcode analyzeBlock}. */
export interface AnalyzeOptions {
  /** Treat every line as a record, never as the trailer (a first line that is no header). */
  records?: boolean;
}

/**
 * Bytes decoded at a time. A block decoded whole would be one string of half a megabyte, which
 * V8 puts straight in the old generation: only a full collection frees it, and the worker's
 * memory grew with the file. Pieces of whole lines this size live and die young.
 */
const PIECE_BYTES = 16 * 1024;

/** The signatures of the block being analyzed. */
const batch = new SignatureBatch();

// The file's first line (and a byte order mark there) is read apart; a BOM later is content.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * Analyzes a block of lines (`\n`-separated; a `\r` before it is dropped), given as UTF-8
 * bytes (as read from the file) or as text, with the public keys records may be signed with.
 */
export function analyzeBlock(
  block: Uint8Array | string,
  keys: ReadonlyMap<string, SyncPublicKey>,
  options: AnalyzeOptions = {},
): BlockResult {
  const out = new Collect();
  if (typeof block === "string") analyzeText(out, block, keys, options);
  else {
    // A `\n` byte is never inside a UTF-8 character: pieces cut after one decode on their own.
    for (let start = 0; start < block.length;) {
      const newline = block.indexOf(0x0a, Math.min(start + PIECE_BYTES, block.length) - 1);
      const end = newline === -1 ? block.length : newline + 1;
      analyzeText(out, decoder.decode(block.subarray(start, end)), keys, options);
      start = end;
    }
  }
  batch.run((index, valid) => out.flags[index] |= valid ? SIGNED : SIGNATURE_FAILED);
  return {
    lines: out.lines,
    at: Uint32Array.from(out.at),
    flags: Uint8Array.from(out.flags),
    seqs: Float64Array.from(out.seqs),
    ids: out.ids,
    datastores: out.datastores,
    details: out.details,
    linked: out.linked,
    end: out.previous,
  };
}

/**
 * A line too long to be read (see `lines.ts`) as a block of its own: an invalid line, like one
 * that is not JSON, so the verifier names it and checks no chain link across it.
 */
export function longLineResult(line: LongLine): BlockResult {
  return {
    lines: 1,
    at: Uint32Array.of(0),
    flags: Uint8Array.of(KIND_INVALID),
    seqs: Float64Array.of(NaN),
    ids: [undefined],
    datastores: [undefined],
    details: new Map([[0, { invalid: `${line.why}: not an exported record` }]]),
    linked: true,
  };
}

/** Analyzes whole lines of text into `out`. */
function analyzeText(
  out: Collect,
  text: string,
  keys: ReadonlyMap<string, SyncPublicKey>,
  options: AnalyzeOptions,
): void {
  for (let start = 0; start < text.length; out.lines++) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const cut = end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    const line = text.slice(start, cut);
    const at = out.lines;
    start = end + 1;
    if (isBlank(line)) continue;
    const parsed = parseObject(line);
    if (typeof parsed === "string") {
      out.detail(out.push(at, KIND_INVALID, ID_PATTERN.exec(line)?.[1])).invalid = parsed;
      out.previous = undefined;
      out.linked = true;
      continue;
    }
    const form = notExportedForm(line, parsed);
    const formFlag = form === undefined ? 0 : NOT_EXPORTED_FORM;
    if (!options.records && "countersign_audit_trailer" in parsed) {
      const detail = out.detail(out.push(at, KIND_TRAILER | formFlag, parsed.id));
      detail.trailer = parsed;
      detail.form = form;
      if (out.linked) detail.trailerFollows = out.previous === parsed.chain;
      continue;
    }
    const index = out.push(at, KIND_RECORD | formFlag, parsed.id, parsed._seq, parsed._datastore);
    if (form !== undefined) out.detail(index).form = form;
    try {
      out.previous = record(out, index, parsed, keys, out.linked, out.previous);
    } catch (error) {
      // A value no exporter writes (an object whose `toString` is not a function, where the
      // chain turns a signature attribute into text) must not stop the check of other lines.
      out.flags[index] = KIND_INVALID;
      out.detail(index).invalid = `not checkable: ${quote((error as Error).message)}`;
      out.previous = undefined;
    }
    out.linked = true;
  }
}

/**
 * Checks a record line: added attributes, its signature and, when `linked`, whether its chain
 * link follows `previous` (else the check is left as `head`). Returns its stored link.
 */
function record(
  out: Collect,
  index: number,
  line: Record<string, unknown>,
  keys: ReadonlyMap<string, SyncPublicKey>,
  linked: boolean,
  previous: string | undefined,
): string | undefined {
  const datastore = out.datastores[index];
  const names = Object.keys(line);
  for (const reason of addedAttributes(names)) (out.detail(index).added ??= []).push(reason);
  // The signed text is built and encoded once: the chain covers it too.
  const message = datastore === undefined ? undefined : recordMessage(datastore, line, names);
  const stored = typeof line._chain === "string" ? line._chain : undefined;
  const seq = line._seq;
  const chained = message !== undefined && typeof seq === "number";
  if (chained && linked && previous !== undefined) {
    batch.stage(message, chainPrefix(previous, seq), chainTail(line));
    if (batch.digest() !== stored) out.flags[index] |= CHAIN_MISMATCH;
  } else if (message !== undefined) batch.stage(message);
  if (chained && !linked) {
    out.detail(index).head = { suffix: chainSuffix(seq, message, line), stored };
  }
  out.flags[index] |= signature(out, index, line, datastore, message, keys);
  return stored;
}

/**
 * Checks the record signature: `PENDING` (an unsigned pending decision), 0 with the reason
 * added, or the result of checking the signature itself.
 */
function signature(
  out: Collect,
  index: number,
  item: Record<string, unknown>,
  datastore: string | undefined,
  message: string | undefined,
  keys: ReadonlyMap<string, SyncPublicKey>,
): number {
  const problem = (reason: string) => {
    (out.detail(index).signature ??= []).push(reason);
    return 0;
  };
  const signature = item.record_signature;
  if (typeof signature !== "string" || signature === "") {
    if (item.status === "pending" && datastore === "decisions") return PENDING;
    return problem("unsigned: no record_signature");
  }
  if (datastore === undefined || message === undefined) {
    return problem("no datastore (_datastore), so the signature cannot be checked");
  }
  if (item.record_version !== RECORD_VERSION) {
    return problem(`unsupported record_version ${quote(item.record_version)}`);
  }
  const keyId = String(item.record_key_id ?? "");
  const key = keys.get(keyId);
  if (!key) {
    return problem(`signed by unknown key id ${quote(keyId)} (forged, or pass that key)`);
  }
  // Checked with the block's other signatures at its end (see analyzeBlock).
  return batch.add(index, key, signature) ? 0 : SIGNATURE_FAILED;
}
