/**
 * Where `export` writes: the lines of a page of records are written with one call, to a file
 * (mode 0600) or stdout, as JSON Lines or CSV.
 *
 * @module
 */
import { AdminEvents } from "../datastores/admin_events.ts";
import { Decisions } from "../datastores/decisions.ts";
import {
  csvHeader,
  csvRow,
  type ExportWriter,
  SIGNATURE_FIELDS,
  type SyncPrivateKey,
} from "../lib/audit/mod.ts";

/** CSV columns: export attributes, then every attribute of the audit datastores. */
export function csvColumns(): string[] {
  const names = new Set<string>(["_datastore", "_seq", "_chain"]);
  for (const def of [Decisions.definition, AdminEvents.definition]) {
    for (const name of Object.keys(def.attributes)) names.add(name);
  }
  for (const name of SIGNATURE_FIELDS) names.add(name);
  return [...names];
}

/**
 * Where the export goes: a file (created or truncated, mode 0600: an audit log is not for
 * everyone) or stdout.
 */
export async function openOut(path: string | undefined): Promise<WritableStream<Uint8Array>> {
  if (path === undefined) return Deno.stdout.writable;
  try {
    const file = await Deno.open(path, { write: true, create: true, truncate: true, mode: 0o600 });
    return file.writable;
  } catch (error) {
    throw new Error(`Cannot write "${path}": ${(error as Error).message}`);
  }
}

/** Writes records as JSON Lines or CSV and keeps the chain; lines go out a page at a time. */
export class Output {
  readonly columns?: string[];
  readonly counts = new Map<string, number>();
  #lines: string[] = [];
  #out: WritableStreamDefaultWriter<Uint8Array>;
  #encoder = new TextEncoder();
  readonly stdout: boolean;
  constructor(out: WritableStream<Uint8Array>, readonly writer: ExportWriter, csv: boolean) {
    this.stdout = out === Deno.stdout.writable;
    this.#out = out.getWriter();
    if (csv) this.columns = csvColumns();
  }
  start(): void {
    this.#lines.push(this.columns ? csvHeader(this.columns) : this.writer.headerLine());
  }
  /** Adds one record's line (written by the next {@linkcode flush}). */
  add(datastore: string, item: Record<string, unknown>): void {
    this.counts.set(datastore, (this.counts.get(datastore) ?? 0) + 1);
    if (!this.columns) return void this.#lines.push(this.writer.recordLine(datastore, item));
    const { seq, chain } = this.writer.add(datastore, item);
    this.#lines.push(
      csvRow(this.columns, { ...item, _datastore: datastore, _seq: seq, _chain: chain }),
    );
  }
  /** Lines added and not written yet. */
  get pending(): number {
    return this.#lines.length;
  }
  /** Writes the lines added so far. */
  async flush(): Promise<void> {
    if (this.#lines.length === 0) return;
    const text = this.#lines.join("\n") + "\n";
    this.#lines = [];
    await this.#out.write(this.#encoder.encode(text));
  }
  async end(seal?: SyncPrivateKey): Promise<void> {
    if (!this.columns) this.#lines.push(this.writer.trailerLine(seal));
    await this.close();
  }
  /** Flushes and closes the file (stdout stays open). */
  async close(): Promise<void> {
    await this.flush();
    if (this.stdout) this.#out.releaseLock();
    else await this.#out.close();
  }
}
