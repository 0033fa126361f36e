/**
 * Verifying an audit export line by line, with memory that does not grow with the records
 * (one bit per export position, to find missing ones). Findings are reported as they are found
 * through a callback, never collected.
 *
 * What each check proves:
 * - the record signature (app key): the record's content is what the app wrote — a modified
 *   or forged record is named, wherever it sits in the file;
 * - `_seq` positions: records moved, duplicated or removed within the file are named (by the
 *   position they were exported at; see `positions.ts`);
 * - the form of each line: the exporter writes `JSON.stringify` of an object, so a line in any
 *   other form (a key twice, re-formatted) was re-written, even when everything
 *   `JSON.parse` makes of it still checks (see `line_form.ts`);
 * - the `_chain` links and a sealed trailer: nothing in the file changed since export, even if
 *   someone renumbered `_seq` and recomputed the chain (they cannot re-sign the seal).
 *
 * What it cannot prove: that the datastore held no other records. A record deleted from the
 * datastore before the export leaves no trace in the file (see the README).
 *
 * The checks of each line on its own run in `verify_block.ts` (on worker threads for a large
 * file); this verifier folds their results in line order.
 *
 * @module
 */
import { sha256Hex, type SyncPublicKey, verifyText } from "./ed25519_sync.ts";
import {
  chainStart,
  EXPORT_VERSION,
  type ExportHeader,
  type ExportTrailer,
  sealMessage,
} from "./export_format.ts";
import { notExportedForm, parseObject, quote } from "./line_form.ts";
import type { LongLine } from "./lines.ts";
import { Positions } from "./positions.ts";
import {
  analyzeBlock,
  type BlockResult,
  CHAIN_MISMATCH,
  KIND_INVALID,
  KIND_MASK,
  KIND_TRAILER,
  type LineDetail,
  longLineResult,
  NOT_EXPORTED_FORM,
  PENDING,
  SIGNATURE_FAILED,
  SIGNED,
} from "./verify_block.ts";

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
  /**
   * Lines (header, records, trailer) not in the form the exporter writes — a key twice,
   * re-formatted: re-written after export, even where signatures and chain check.
   */
  reformatted: number;
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
  /** Receives each finding, in line order. */
  onFinding: (finding: Finding) => void;
  /** Called for every record line, e.g. to compare with an earlier export. */
  onRecord?: (datastore: string | undefined, id: string | undefined, lineNo: number) => void;
}

/**
 * Checks an export: give it every line in order, the header first — one at a time with
 * {@linkcode line}, or after the header as blocks analyzed elsewhere with {@linkcode block} —
 * then call {@linkcode finish}.
 */
export class AuditVerifier {
  #keys: Map<string, SyncPublicKey>;
  #emit: (finding: Finding) => void;
  #onRecord?: VerifierOptions["onRecord"];
  #summary: VerifySummary;
  #positions = new Positions();
  /** The link the next line follows; undefined when it cannot be trusted to compare. */
  #prevLink: string | undefined;
  /** Non-blank lines so far. */
  #lines = 0;
  #trailer: ExportTrailer | undefined;

  constructor(options: VerifierOptions) {
    this.#keys = new Map(options.keys.map((k) => [k.keyId, k]));
    this.#emit = options.onFinding;
    this.#onRecord = options.onRecord;
    this.#summary = {
      records: 0,
      signed: 0,
      problems: 0,
      warnings: 0,
      missing: 0,
      chainBreaks: 0,
      reformatted: 0,
      seal: "absent",
      trailer: false,
      keyIds: [...this.#keys.keys()],
    };
  }

  /** The public keys by key id, as {@linkcode analyzeBlock} takes them. */
  get keys(): ReadonlyMap<string, SyncPublicKey> {
    return this.#keys;
  }

  #report(finding: Finding): void {
    if (finding.severity === "problem") this.#summary.problems++;
    else this.#summary.warnings++;
    this.#emit(finding);
  }

  /** Feeds one line (1-based `lineNo`), or one too long to read; blank lines are skipped. */
  line(text: string | LongLine, lineNo: number): void {
    if (typeof text !== "string") return this.block(longLineResult(text), lineNo);
    if (this.#lines > 0) return this.block(analyzeBlock(text, this.#keys), lineNo);
    if (text.trim() === "") return;
    const parsed = parseObject(text);
    if (typeof parsed !== "string") {
      if (parsed.countersign_audit_export === EXPORT_VERSION) {
        this.#lines++;
        this.#summary.header = parsed as unknown as ExportHeader;
        this.#prevLink = chainStart(this.#summary.header);
        // The chain covers the header's values, not its form: a key twice (say `public_key`)
        // would show a reader another value than the one checked.
        const form = notExportedForm(text, parsed);
        if (form !== undefined) {
          this.#summary.reformatted++;
          this.#report({ severity: "problem", line: lineNo, reasons: [`header is ${form}`] });
        }
        return;
      }
      this.#report({
        severity: "problem",
        line: lineNo,
        reasons: [
          "first line is not a Countersign audit export header (convert a `slack datastore " +
          "query --to-file` file with `deno task cli export --from-file`)",
        ],
      });
    }
    // Treat it as a record so nothing in it escapes the checks.
    this.block(analyzeBlock(text, this.#keys, { records: true }), lineNo);
  }

  /**
   * Folds the analysis of a block of lines (see `verify_block.ts`) whose first line is
   * `firstLineNo`. Blocks must come in file order, after the header.
   */
  block(result: BlockResult, firstLineNo: number): void {
    // #prevLink stays the link before the block until its end: lines that need it (the block's
    // first record or a trailer before any record) are the ones the block could not check.
    for (let i = 0; i < result.flags.length; i++) {
      const lineNo = firstLineNo + result.at[i];
      const kind = result.flags[i] & KIND_MASK;
      const detail = result.details.get(i);
      this.#lines++;
      if (kind === KIND_INVALID) {
        this.#summary.chainBreaks++;
        this.#report({
          severity: "problem",
          line: lineNo,
          id: result.ids[i],
          reasons: [`line is ${detail?.invalid}`],
        });
      } else if (this.#trailer) {
        this.#report({
          severity: "problem",
          line: lineNo,
          id: result.ids[i],
          reasons: ["line follows the trailer (added after export)"],
        });
      } else if (kind === KIND_TRAILER) this.#readTrailer(detail!, result.flags[i], lineNo);
      else this.#record(result, i, lineNo, detail);
    }
    if (result.linked) this.#prevLink = result.end;
  }

  #record(result: BlockResult, i: number, lineNo: number, detail?: LineDetail): void {
    this.#summary.records++;
    const id = result.ids[i];
    const datastore = result.datastores[i];
    const flags = result.flags[i];
    this.#onRecord?.(datastore, id, lineNo);
    const reasons: string[] = detail?.added ? [...detail.added] : [];
    if (flags & NOT_EXPORTED_FORM) {
      this.#summary.reformatted++;
      reasons.push(detail!.form!);
    }
    // Position in the export (NaN: `_seq` is not a number).
    const inOrder = this.#positions.add(result.seqs[i], reasons);
    if (detail?.signature) reasons.push(...detail.signature);

    let chainMismatch = (flags & CHAIN_MISMATCH) !== 0;
    if (detail?.head && this.#prevLink !== undefined) {
      chainMismatch = sha256Hex(this.#prevLink + detail.head.suffix) !== detail.head.stored;
    }
    if (chainMismatch) this.#summary.chainBreaks++;
    const signed = flags & SIGNED ? true : flags & SIGNATURE_FAILED ? false : undefined;

    if (signed === true) this.#summary.signed++;
    if (signed === false) reasons.push("content does not match its signature (modified or forged)");
    // Chain: reported only when nothing else explains a break at this line.
    if (chainMismatch && reasons.length === 0 && inOrder) {
      reasons.push(
        "chain link does not follow the line before (export attributes edited, or lines " +
          "changed, moved or removed around here)",
      );
    }
    let severity: Finding["severity"] = "problem";
    if (flags & PENDING) {
      if (reasons.length === 0) severity = "warning";
      reasons.push("pending (humans still deciding), so not signed yet");
    }
    if (reasons.length > 0) this.#report({ severity, line: lineNo, id, datastore, reasons });
  }

  #readTrailer(detail: LineDetail, flags: number, lineNo: number): void {
    const trailer = detail.trailer as unknown as ExportTrailer;
    this.#trailer = trailer;
    this.#summary.trailer = true;
    const reasons: string[] = [];
    if (flags & NOT_EXPORTED_FORM) {
      this.#summary.reformatted++;
      reasons.push(`trailer is ${detail.form}`);
    }
    const { count, chain, seal_signature: signature, seal_key_id: keyId } = trailer;
    const highest = this.#positions.highest;
    if (!Number.isSafeInteger(count) || count < 0) {
      reasons.push(`trailer count ${quote(count)} is not a number of records`);
    } else if (count !== highest || count !== this.#summary.records) {
      reasons.push(
        `trailer counts ${count} records; the file has ${this.#summary.records} ` +
          `(highest position ${highest})`,
      );
    }
    if (!(detail.trailerFollows ?? this.#prevLink === chain)) {
      reasons.push("trailer chain does not match the last record line");
    }
    if (signature) {
      // Only what an exporter writes is checked: any other value would be turned into text
      // here (and an object whose `toString` is not a function cannot be).
      const typed = typeof signature === "string" && typeof chain === "string" &&
        Number.isSafeInteger(count) && (keyId === undefined || typeof keyId === "string");
      const key = typed ? this.#keys.get(keyId ?? "") : undefined;
      const ok = key !== undefined && verifyText(key, sealMessage(count, chain), signature);
      this.#summary.seal = ok ? "valid" : "invalid";
      if (!ok) {
        reasons.push(
          !typed
            ? "seal cannot be checked: seal_signature, seal_key_id, chain or count is not of " +
              "the type an export writes"
            : key
            ? "seal signature does not match the trailer (the trailer was changed)"
            : `sealed by unknown key id ${quote(keyId ?? "")}`,
        );
      }
    }
    if (reasons.length > 0) this.#report({ severity: "problem", line: lineNo, reasons });
  }

  /** Reports what only the end can show (missing positions, no trailer); the summary. */
  finish(): VerifySummary {
    const missing = this.#positions.missing(this.#trailer?.count);
    this.#summary.missing = missing.total;
    for (const reason of missing.reasons) this.#report({ severity: "problem", reasons: [reason] });
    if (!this.#trailer && this.#summary.header) {
      this.#report({
        severity: "problem",
        reasons: ["no trailer: the file is truncated, or its last lines were removed"],
      });
    }
    return this.#summary;
  }
}
