/**
 * The audit export file (JSON Lines): a header line, one line per record, a trailer line.
 *
 * Record lines carry three export attributes besides the item's own: `_datastore`, `_seq` (the
 * 1-based position in the export) and `_chain`, a SHA-256 hash chain:
 *
 * ```text
 * chain_0 = SHA-256("countersign-audit-export/v2\n" + canonical(header))
 * chain_i = SHA-256(chain_{i-1} + "\n" + seq_i + "\n" + signed text of record_i + "\n" +
 *                   record_signature + "\n" + record_key_id + "\n" + record_version + "\n" +
 *                   canonical(operational marks of record_i))
 * ```
 *
 * The signed text is the version 2 encoding (without the operational marks, see
 * `canonical.ts`); the chain covers the marks apart, so nothing in a line escapes it. Version 1
 * exports (every attribute in the signed text, no marks part) still verify.
 *
 * The trailer holds the count and the last link, optionally signed (`seal_signature`) with an
 * Ed25519 key the exporter holds (the app's key). Why a chain at export and not at write time:
 * Slack datastores have no conditional writes and many workflow runs write concurrently, so a
 * global chain kept by the app would fork under load; each record's own signature is what
 * proves its content, the chain proves the file's order and completeness since export.
 *
 * @module
 */
import { canonicalJson, operationalFields, recordMessage } from "./canonical.ts";
import { sha256Hex, signTextSync, type SyncPrivateKey } from "./ed25519_sync.ts";

/** Export format version (the header's `countersign_audit_export`). */
export const EXPORT_VERSION = 2;

/** Export versions `verify` reads. */
export const EXPORT_VERSIONS: readonly number[] = [1, 2];

/** The record encoding an export version chains (1: every attribute; 2: marks apart). */
export function chainedRecordVersion(exportVersion: number): number {
  return exportVersion === 1 ? 1 : 2;
}

/** The first line of an export. */
export interface ExportHeader {
  countersign_audit_export: number;
  exported_at: string;
  /** Where the records came from (a URL without credentials, or a converted file's name). */
  source: string;
  datastores: string[];
  /** The app's public key (raw base64), when the exporter knew it; verify can pin another. */
  public_key?: string;
  key_id?: string;
}

/** The last line of an export. */
export interface ExportTrailer {
  countersign_audit_trailer: number;
  count: number;
  chain: string;
  seal_signature?: string;
  seal_key_id?: string;
}

/** Keys a JavaScript object orders before all others (array indexes, and some larger). */
const INTEGER_KEY = /^(0|[1-9]\d*)$/;

/** Attributes the export adds to each record line. */
export const EXPORT_FIELDS: readonly string[] = ["_datastore", "_seq", "_chain"];

/** The first chain link, bound to the header (and so to its export version). */
export function chainStart(header: ExportHeader): string {
  const version = header.countersign_audit_export;
  return sha256Hex(`countersign-audit-export/v${version}\n${canonicalJson(header)}`);
}

/**
 * What a chain link hashes after the record's signed text: its signature attributes and, from
 * export version 2, its operational marks.
 */
export function chainTail(item: Record<string, unknown>, exportVersion = EXPORT_VERSION): string {
  const seal = `\n${item.record_signature ?? ""}\n${item.record_key_id ?? ""}\n${
    item.record_version ?? ""
  }`;
  return exportVersion === 1 ? seal : `${seal}\n${canonicalJson(operationalFields(item))}`;
}

/**
 * The chain link of one record following `previous`, from the record's signed text in the
 * encoding the export version chains ({@linkcode chainedRecordVersion}).
 */
export function chainLinkOf(
  previous: string,
  seq: number,
  message: string,
  item: Record<string, unknown>,
  exportVersion = EXPORT_VERSION,
): string {
  return sha256Hex(`${previous}\n${seq}\n${message}${chainTail(item, exportVersion)}`);
}

/** The chain link of one record following `previous`. */
export function chainLink(
  previous: string,
  seq: number,
  datastore: string,
  item: Record<string, unknown>,
  exportVersion = EXPORT_VERSION,
): string {
  const message = recordMessage(
    datastore,
    item,
    Object.keys(item),
    chainedRecordVersion(exportVersion),
  );
  return chainLinkOf(previous, seq, message, item, exportVersion);
}

/** The text a seal signs. */
export function sealMessage(count: number, chain: string, exportVersion = EXPORT_VERSION): string {
  return `countersign-audit-seal/v${exportVersion}\n${count}\n${chain}`;
}

/** The item without export attributes (keys starting with `_`), as verify reads it back. */
export function itemOf(line: Record<string, unknown>): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const key of Object.keys(line)) if (!key.startsWith("_")) item[key] = line[key];
  return item;
}

/**
 * Builds export lines one at a time (nothing is kept but the last link), so memory stays flat
 * however many records pass through.
 */
export class ExportWriter {
  #link: string;
  #seq = 0;
  readonly header: ExportHeader;

  constructor(header: Omit<ExportHeader, "countersign_audit_export">) {
    this.header = { countersign_audit_export: EXPORT_VERSION, ...header };
    this.#link = chainStart(this.header);
  }

  /** Records written so far. */
  get count(): number {
    return this.#seq;
  }

  /** The header line (JSON, no newline). */
  headerLine(): string {
    return JSON.stringify(this.header);
  }

  /**
   * Adds a record and returns its position and link (for CSV rows, which write the same
   * attributes as columns).
   */
  add(datastore: string, item: Record<string, unknown>): { seq: number; chain: string } {
    // The signed text and the chain skip `_` attributes, so no copy of the item is needed.
    this.#seq++;
    this.#link = chainLink(this.#link, this.#seq, datastore, item);
    return { seq: this.#seq, chain: this.#link };
  }

  /**
   * Adds a record and returns its line (JSON, no newline): always exactly `JSON.stringify` of
   * the line's object, the form `verify` requires of every line (see `line_form.ts`).
   */
  recordLine(datastore: string, item: Record<string, unknown>): string {
    const { seq, chain } = this.add(datastore, item);
    let exportKey = false;
    let integerKey = false;
    for (const key of Object.keys(item)) {
      const c = key.charCodeAt(0);
      if (c === 0x5f) exportKey = true; // `_`
      else if (c >= 0x30 && c <= 0x39 && INTEGER_KEY.test(key)) integerKey = true;
    }
    const own = exportKey ? itemOf(item) : item;
    // An integer-like key comes before every other in a JavaScript object, so a line with one
    // is not the text below but the object's own order.
    if (integerKey) {
      return JSON.stringify({ _datastore: datastore, _seq: seq, _chain: chain, ...own });
    }
    const rest = JSON.stringify(own);
    // Written by hand so the export attributes come first without copying the item.
    return `{"_datastore":${JSON.stringify(datastore)},"_seq":${seq},"_chain":"${chain}"${
      rest === "{}" ? "" : ","
    }${rest.slice(1)}`;
  }

  /** The trailer line, sealed when a key is given. */
  trailerLine(sealKey?: SyncPrivateKey): string {
    const trailer: ExportTrailer = {
      countersign_audit_trailer: EXPORT_VERSION,
      count: this.#seq,
      chain: this.#link,
    };
    if (sealKey) {
      trailer.seal_signature = signTextSync(sealKey, sealMessage(this.#seq, this.#link));
      trailer.seal_key_id = sealKey.keyId;
    }
    return JSON.stringify(trailer);
  }
}
