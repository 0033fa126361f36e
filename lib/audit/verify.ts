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
  EXPORT_FIELDS,
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

/** One signature to check: the record's signed text and its signature, by key id. */
export interface SignatureJob {
  keyId: string;
  message: string;
  signature: string;
}

/** Options of {@linkcode AuditVerifier}. */
export interface VerifierOptions {
  /** Public keys records may be signed with (several during a key rotation). */
  keys: SyncPublicKey[];
  /** Receives each finding, in line order. */
  onFinding: (finding: Finding) => void;
  /**
   * Checks signatures in batches elsewhere (worker threads); without it each is checked inline.
   * Findings still come out in line order.
   */
  checkBatch?: (jobs: SignatureJob[]) => Promise<boolean[]>;
  /** Signatures per batch (default 512). */
  batchSize?: number;
  /** Batches in flight before {@linkcode AuditVerifier.line} waits (default 4). */
  maxInFlight?: number;
  /** Called for every record line, e.g. to compare with an earlier export. */
  onRecord?: (datastore: string | undefined, id: string | undefined, lineNo: number) => void;
}

/** A record line whose finding waits for its signature check. */
interface Deferred {
  finding?: Finding;
  line?: {
    lineNo: number;
    id?: string;
    datastore?: string;
    reasons: string[];
    pending: boolean;
    chainMismatch: boolean;
    inOrder: boolean;
    job?: SignatureJob;
  };
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
  #checkBatch?: (jobs: SignatureJob[]) => Promise<boolean[]>;
  #onRecord?: VerifierOptions["onRecord"];
  #batchSize: number;
  #maxInFlight: number;
  /** Entries of the batch being filled, and how many of them carry a signature job. */
  #batch: Deferred[] = [];
  #batchJobs = 0;
  #inFlight: { entries: Deferred[]; results: Promise<boolean[]> }[] = [];

  constructor(options: VerifierOptions) {
    this.#keys = new Map(options.keys.map((k) => [k.keyId, k]));
    this.#emit = options.onFinding;
    this.#checkBatch = options.checkBatch;
    this.#batchSize = options.batchSize ?? 512;
    this.#maxInFlight = options.maxInFlight ?? 4;
    this.#onRecord = options.onRecord;
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
    // Behind deferred record lines, a finding waits its turn so output stays in line order.
    if (this.#batch.length > 0 || this.#inFlight.length > 0) {
      this.#batch.push({ finding });
      return;
    }
    this.#count(finding);
  }

  #count(finding: Finding): void {
    if (finding.severity === "problem") this.#summary.problems++;
    else this.#summary.warnings++;
    this.#emit(finding);
  }

  /**
   * Feeds one line (1-based `lineNo`); blank lines are skipped. Returns a promise only when the
   * caller must wait for signature batches in flight (then await it before the next line).
   */
  line(text: string, lineNo: number): Promise<void> | undefined {
    this.#readLine(text, lineNo);
    if (this.#batchJobs >= this.#batchSize) this.#dispatch();
    if (this.#inFlight.length > 0 && this.#inFlight.length >= this.#maxInFlight) {
      return this.#settleOldest();
    }
    return undefined;
  }

  #dispatch(): void {
    if (this.#batch.length === 0) return;
    const entries = this.#batch;
    const jobs = entries.flatMap((e) => e.line?.job ? [e.line.job] : []);
    this.#batch = [];
    this.#batchJobs = 0;
    const results = jobs.length > 0 && this.#checkBatch
      ? this.#checkBatch(jobs)
      : Promise.resolve(jobs.map((job) => this.#checkInline(job)));
    this.#inFlight.push({ entries, results });
  }

  async #settleOldest(): Promise<void> {
    const oldest = this.#inFlight.shift();
    if (!oldest) return;
    const results = await oldest.results;
    let next = 0;
    for (const entry of oldest.entries) {
      if (entry.finding) this.#count(entry.finding);
      else if (entry.line) this.#finalize(entry.line, entry.line.job ? results[next++] : undefined);
    }
  }

  #checkInline(job: SignatureJob): boolean {
    const key = this.#keys.get(job.keyId);
    return key !== undefined && verifyText(key, job.message, job.signature);
  }

  #readLine(text: string, lineNo: number): void {
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
    this.#onRecord?.(datastore, id, lineNo);
    const reasons: string[] = [];
    // Attributes starting with `_` are not signed: only the export's own may appear.
    for (const key of Object.keys(line)) {
      if (key.startsWith("_") && !EXPORT_FIELDS.includes(key)) {
        reasons.push(`attribute ${JSON.stringify(key)} was added (not in any export)`);
      }
    }

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
    const signature = this.#signature(item, datastore, message, reasons);

    const stored = typeof line._chain === "string" ? line._chain : undefined;
    let chainMismatch = false;
    if (this.#prevLink !== undefined && message !== undefined && typeof seq === "number") {
      chainMismatch = chainLinkOf(this.#prevLink, seq, message, item) !== stored;
      if (chainMismatch) this.#summary.chainBreaks++;
    }
    this.#prevLink = stored;
    const deferred = {
      lineNo,
      id,
      datastore,
      reasons,
      pending: signature === "pending",
      chainMismatch,
      inOrder,
      job: typeof signature === "object" ? signature : undefined,
    };
    const idle = this.#batch.length === 0 && this.#inFlight.length === 0;
    if (idle && (!deferred.job || !this.#checkBatch)) {
      this.#finalize(deferred, deferred.job ? this.#checkInline(deferred.job) : undefined);
      return;
    }
    this.#batch.push({ line: deferred });
    if (deferred.job) this.#batchJobs++;
  }

  /** Completes a record line's finding once its signature result (if any) is known. */
  #finalize(line: NonNullable<Deferred["line"]>, signed: boolean | undefined): void {
    const { reasons } = line;
    if (signed === true) this.#summary.signed++;
    if (signed === false) reasons.push("content does not match its signature (modified or forged)");
    // Chain: reported only when nothing else explains a break at this line.
    if (line.chainMismatch && reasons.length === 0 && line.inOrder) {
      reasons.push(
        "chain link does not follow the line before (export attributes edited, or lines " +
          "changed, moved or removed around here)",
      );
    }
    let severity: Finding["severity"] = "problem";
    if (line.pending) {
      if (reasons.length === 0) severity = "warning";
      reasons.push("pending (humans still deciding), so not signed yet");
    }
    if (reasons.length > 0) {
      this.#count({ severity, line: line.lineNo, id: line.id, datastore: line.datastore, reasons });
    }
  }

  /**
   * Checks what can be checked of the record signature at once; returns "pending" (an unsigned
   * pending record), "bad" (reason added) or the job that checks the signature itself.
   */
  #signature(
    item: Record<string, unknown>,
    datastore: string | undefined,
    message: string | undefined,
    reasons: string[],
  ): "pending" | "bad" | SignatureJob {
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
    return { keyId, message, signature };
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

  /** Waits for every signature check, reports what only the end can show; the summary. */
  async finish(): Promise<VerifySummary> {
    this.#dispatch();
    while (this.#inFlight.length > 0) await this.#settleOldest();
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
