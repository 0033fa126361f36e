/**
 * Verifying an audit export line by line, with memory that does not grow with the records
 * (one bit per export position, to find missing ones). Findings are reported as they are found
 * through a callback, never collected.
 *
 * What each check proves:
 * - the record signature (app key): the record's content is what the app wrote — a modified
 *   or forged record is named, wherever it sits in the file;
 * - `_seq` positions: records moved, duplicated or removed within the file are named (by the
 *   position they were exported at);
 * - the `_chain` links and a sealed trailer: nothing in the file changed since export, even if
 *   someone renumbered `_seq` and recomputed the chain (they cannot re-sign the seal).
 *
 * What it cannot prove: that the datastore held no other records. A record deleted from the
 * datastore before the export leaves no trace in the file (see the README).
 *
 * @module
 */
import { RECORD_VERSION, recordMessage } from "./canonical.ts";
import { type SyncPublicKey, verifyText } from "./ed25519_sync.ts";
import {
  chainLinkOf,
  chainStart,
  EXPORT_VERSION,
  type ExportHeader,
  type ExportTrailer,
  sealMessage,
} from "./export_format.ts";

/** One finding about one line (or about the file when `line` is absent). */
export interface Finding {
  /** `problem`: the file is not what was exported; `warning`: worth a look, not a failure. */
  severity: "problem" | "warning";
  line?: number;
  id?: string;
  datastore?: string;
  reasons: string[];
}

/** What the verification found, once the file is read. */
export interface VerifySummary {
  records: number;
  /** Records whose signature verified. */
  signed: number;
  problems: number;
  warnings: number;
  /** Export positions below the highest seen that no line had. */
  missing: number;
  /** Lines whose `_chain` does not match their content and predecessor (or that do not parse). */
  chainBreaks: number;
  /** `valid`: the trailer's seal signature verified; `absent`: no seal; `invalid`: it did not. */
  seal: "valid" | "invalid" | "absent";
  trailer: boolean;
  header?: ExportHeader;
  /** Key ids records were checked against. */
  keyIds: string[];
}

/** Options of {@linkcode AuditVerifier}. */
export interface VerifierOptions {
  /** Public keys records may be signed with (several during a key rotation). */
  keys: SyncPublicKey[];
  /** Receives each finding as it is found. */
  onFinding: (finding: Finding) => void;
}

const ID_PATTERN = /"id"\s*:\s*"((?:[^"\\]|\\.){0,200})"/;

/** Grows by doubling; one bit per export position. */
class Bits {
  #bytes = new Uint8Array(1024);
  has(n: number): boolean {
    const i = n >> 3;
    return i < this.#bytes.length && (this.#bytes[i] & (1 << (n & 7))) !== 0;
  }
  set(n: number): void {
    const i = n >> 3;
    if (i >= this.#bytes.length) {
      const grown = new Uint8Array(Math.max(this.#bytes.length * 2, i + 1));
      grown.set(this.#bytes);
      this.#bytes = grown;
    }
    this.#bytes[i] |= 1 << (n & 7);
  }
}

/** A JSON object, or why the text is not one. */
function parseObject(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "not valid JSON";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return "not a JSON object";
  }
  return value as Record<string, unknown>;
}

/**
 * Checks an export: call {@linkcode line} for every line in order (the header included), then
 * {@linkcode finish}.
 */
export class AuditVerifier {
  #keys: Map<string, SyncPublicKey>;
  #emit: (finding: Finding) => void;
  #summary: VerifySummary;
  #seen = new Bits();
  #maxSeq = 0;
  #prevSeq = 0;
  /** The previous line's stored link; undefined when it cannot be trusted to compare. */
  #prevLink: string | undefined;
  #lines = 0;
  #trailer: ExportTrailer | undefined;

  constructor(options: VerifierOptions) {
    this.#keys = new Map(options.keys.map((k) => [k.keyId, k]));
    this.#emit = options.onFinding;
    this.#summary = {
      records: 0,
      signed: 0,
      problems: 0,
      warnings: 0,
      missing: 0,
      chainBreaks: 0,
      seal: "absent",
      trailer: false,
      keyIds: [...this.#keys.keys()],
    };
  }

  #report(finding: Finding): void {
    if (finding.severity === "problem") this.#summary.problems++;
    else this.#summary.warnings++;
    this.#emit(finding);
  }

  /** Feeds one line (1-based `lineNo`); blank lines are skipped. */
  line(text: string, lineNo: number): void {
    if (text.trim() === "") return;
    this.#lines++;
    const parsed = parseObject(text);
    if (typeof parsed === "string") {
      const id = ID_PATTERN.exec(text)?.[1];
      this.#summary.chainBreaks++;
      this.#report({ severity: "problem", line: lineNo, id, reasons: [`line is ${parsed}`] });
      this.#prevLink = undefined;
      return;
    }
    if (this.#lines === 1) return this.#header(parsed, lineNo);
    if (this.#trailer) {
      this.#report({
        severity: "problem",
        line: lineNo,
        id: typeof parsed.id === "string" ? parsed.id : undefined,
        reasons: ["line follows the trailer (added after export)"],
      });
      return;
    }
    if ("countersign_audit_trailer" in parsed) return this.#readTrailer(parsed, lineNo);
    this.#record(parsed, lineNo);
  }

  #header(parsed: Record<string, unknown>, lineNo: number): void {
    if (parsed.countersign_audit_export !== EXPORT_VERSION) {
      this.#report({
        severity: "problem",
        line: lineNo,
        reasons: [
          "first line is not a Countersign audit export header (convert a `slack datastore " +
          "query --to-file` file with `deno task cli export --from-file`)",
        ],
      });
      // Treat it as a record so nothing in it escapes the checks.
      this.#record(parsed, lineNo);
      return;
    }
    const header = parsed as unknown as ExportHeader;
    this.#summary.header = header;
    this.#prevLink = chainStart(header);
  }

  #record(line: Record<string, unknown>, lineNo: number): void {
    this.#summary.records++;
    // The line itself is the item: the signed text and the chain skip `_` attributes.
    const item = line;
    const id = typeof item.id === "string" ? item.id : undefined;
    const datastore = typeof line._datastore === "string" ? line._datastore : undefined;
    const reasons: string[] = [];
    let severity: Finding["severity"] = "problem";

    // Position in the export.
    const seq = line._seq;
    let inOrder = false;
    if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 1) {
      reasons.push("no valid export position (_seq)");
    } else if (this.#seen.has(seq)) {
      reasons.push(`duplicate of export position ${seq}`);
    } else {
      if (seq < this.#maxSeq) {
        reasons.push(`moved: exported at position ${seq}, found after position ${this.#maxSeq}`);
      }
      inOrder = seq === this.#prevSeq + 1;
      this.#seen.set(seq);
      this.#maxSeq = Math.max(this.#maxSeq, seq);
    }
    if (typeof seq === "number") this.#prevSeq = seq;

    // Signature. The signed text is built once: the chain covers it too.
    const message = datastore === undefined ? undefined : recordMessage(datastore, item);
    const pending = this.#signature(item, datastore, message, reasons) === "pending";

    // Chain: reported only when nothing else explains a break at this line.
    const stored = typeof line._chain === "string" ? line._chain : undefined;
    if (this.#prevLink !== undefined && message !== undefined && typeof seq === "number") {
      const expected = chainLinkOf(this.#prevLink, seq, message, item);
      if (expected !== stored) this.#summary.chainBreaks++;
      if (expected !== stored && reasons.length === 0 && inOrder) {
        reasons.push(
          "chain link does not follow the line before (export attributes edited, or lines " +
            "changed, moved or removed around here)",
        );
      }
    }
    this.#prevLink = stored;
    if (pending) {
      if (reasons.length === 0) severity = "warning";
      reasons.push("pending (humans still deciding), so not signed yet");
    }
    if (reasons.length > 0) this.#report({ severity, line: lineNo, id, datastore, reasons });
  }

  /** Checks the record signature; returns "ok", "pending" (unsigned pending) or "bad". */
  #signature(
    item: Record<string, unknown>,
    datastore: string | undefined,
    message: string | undefined,
    reasons: string[],
  ): "ok" | "pending" | "bad" {
    const signature = item.record_signature;
    if (typeof signature !== "string" || signature === "") {
      if (item.status === "pending" && datastore === "decisions") return "pending";
      reasons.push("unsigned: no record_signature");
      return "bad";
    }
    if (datastore === undefined || message === undefined) {
      reasons.push("no datastore (_datastore), so the signature cannot be checked");
      return "bad";
    }
    if (item.record_version !== RECORD_VERSION) {
      reasons.push(`unsupported record_version ${JSON.stringify(item.record_version)}`);
      return "bad";
    }
    const keyId = String(item.record_key_id ?? "");
    const key = this.#keys.get(keyId);
    if (!key) {
      reasons.push(`signed by unknown key id ${JSON.stringify(keyId)} (forged, or pass that key)`);
      return "bad";
    }
    if (!verifyText(key, message, signature)) {
      reasons.push("content does not match its signature (modified or forged)");
      return "bad";
    }
    this.#summary.signed++;
    return "ok";
  }

  #readTrailer(parsed: Record<string, unknown>, lineNo: number): void {
    const trailer = parsed as unknown as ExportTrailer;
    this.#trailer = trailer;
    this.#summary.trailer = true;
    const reasons: string[] = [];
    if (trailer.count !== this.#maxSeq || trailer.count !== this.#summary.records) {
      reasons.push(
        `trailer counts ${trailer.count} records; the file has ${this.#summary.records} ` +
          `(highest position ${this.#maxSeq})`,
      );
    }
    if (this.#prevLink !== trailer.chain) {
      reasons.push("trailer chain does not match the last record line");
    }
    if (trailer.seal_signature) {
      const key = this.#keys.get(String(trailer.seal_key_id ?? ""));
      const ok = key !== undefined &&
        verifyText(key, sealMessage(trailer.count, trailer.chain), trailer.seal_signature);
      this.#summary.seal = ok ? "valid" : "invalid";
      if (!ok) {
        reasons.push(
          key
            ? "seal signature does not match the trailer (the trailer was changed)"
            : `sealed by unknown key id ${JSON.stringify(trailer.seal_key_id ?? "")}`,
        );
      }
    }
    if (reasons.length > 0) this.#report({ severity: "problem", line: lineNo, reasons });
  }

  /** Reports what only the end of the file can show; returns the summary. */
  finish(): VerifySummary {
    const highest = Math.max(this.#maxSeq, this.#trailer?.count ?? 0);
    let start = 0;
    const flush = (end: number) => {
      if (start === 0) return;
      const range = start === end ? `position ${start}` : `positions ${start}–${end}`;
      this.#summary.missing += end - start + 1;
      this.#report({
        severity: "problem",
        reasons: [`missing: no line has export ${range} (removed from the file; ids unknown)`],
      });
      start = 0;
    };
    for (let n = 1; n <= highest; n++) {
      if (!this.#seen.has(n)) {
        if (start === 0) start = n;
      } else flush(n - 1);
    }
    flush(highest);
    if (!this.#trailer && this.#summary.header) {
      this.#report({
        severity: "problem",
        reasons: ["no trailer: the file is truncated, or its last lines were removed"],
      });
    }
    return this.#summary;
  }
}
