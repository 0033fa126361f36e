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
 *   someone renumbered `_seq` and recomputed the chain (they cannot re-sign the seal). A file
 *   without a seal is a problem unless the caller allows unsealed input;
 * - a decision's status against its outcome (see `record_state.ts`).
 *
 * What it cannot prove: that the datastore held no other records. A record deleted from the
 * datastore before the export leaves no trace in the file (see docs/audit.md).
 *
 * The checks of a line on its own are in `verify_line.ts`; this verifier runs them line by line
 * and keeps what the file-wide checks need (the last link, a bit per position).
 *
 * @module
 */
import type { SyncPublicKey } from "./ed25519_sync.ts";
import {
  chainedRecordVersion,
  chainLinkOf,
  chainStart,
  EXPORT_VERSIONS,
  type ExportHeader,
  type ExportTrailer,
} from "./export_format.ts";
import { notExportedForm, parseObject, quote } from "./line_form.ts";
import type { LongLine } from "./lines.ts";
import { Positions } from "./positions.ts";
import { checkDecisionState } from "./record_state.ts";
import { checkTrailer, unsealedReason } from "./verify_trailer.ts";
import {
  addedAttributes,
  checkSignature,
  type ParsedLine,
  readLine,
  type SignatureCheck,
} from "./verify_line.ts";
import { recordMessage } from "./canonical.ts";
import type { Finding, VerifySummary } from "./verify_report.ts";

export type { Finding, VerifySummary } from "./verify_report.ts";

/** Options of {@linkcode AuditVerifier}. */
export interface VerifierOptions {
  /** Public keys records may be signed with (several during a key rotation). */
  keys: SyncPublicKey[];
  /** Receives each finding, in line order. */
  onFinding: (finding: Finding) => void;
  /** Called for every record line, e.g. to compare with an earlier export. */
  onRecord?: (datastore: string | undefined, id: string | undefined, lineNo: number) => void;
  /**
   * Accept a file whose trailer has no seal (exported with `--no-seal`): a warning instead of
   * a problem. Without a seal, lines removed and the rest renumbered and rechained go unseen.
   */
  allowUnsealed?: boolean;
}

/**
 * Checks an export: give it every line in order, the header first, with {@linkcode line}, then
 * call {@linkcode finish}.
 */
export class AuditVerifier {
  #keys: Map<string, SyncPublicKey>;
  #emit: (finding: Finding) => void;
  #onRecord?: VerifierOptions["onRecord"];
  #allowUnsealed: boolean;
  #summary: VerifySummary;
  #positions = new Positions();
  /** The link the next line follows; undefined when it cannot be trusted to compare. */
  #prevLink: string | undefined;
  /** Non-blank lines so far. */
  #lines = 0;
  #trailer: ExportTrailer | undefined;
  /** The header's export version, and when it was exported (NaN: unknown). */
  #version = 1;
  #exportedAt = NaN;

  constructor(options: VerifierOptions) {
    this.#keys = new Map(options.keys.map((k) => [k.keyId, k]));
    this.#emit = options.onFinding;
    this.#onRecord = options.onRecord;
    this.#allowUnsealed = options.allowUnsealed ?? false;
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

  #report(finding: Finding): void {
    if (finding.severity === "problem") this.#summary.problems++;
    else this.#summary.warnings++;
    this.#emit(finding);
  }

  /**
   * Feeds one line (1-based `lineNo`), or one too long to read: named, and no chain link is
   * checked across it. Blank lines are skipped.
   */
  line(text: string | LongLine, lineNo: number): void {
    if (typeof text !== "string") {
      return this.#fold({ kind: "invalid", why: `${text.why}: not an exported record` }, lineNo);
    }
    if (text.trim() === "") return;
    if (this.#lines > 0) return this.#fold(readLine(text), lineNo);
    const parsed = parseObject(text);
    if (typeof parsed !== "string") {
      if (EXPORT_VERSIONS.includes(parsed.countersign_audit_export as number)) {
        this.#lines++;
        this.#header(parsed as unknown as ExportHeader, text, lineNo);
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
    this.#fold(readLine(text, true), lineNo);
  }

  #header(header: ExportHeader, text: string, lineNo: number): void {
    this.#summary.header = header;
    this.#version = header.countersign_audit_export;
    this.#exportedAt = typeof header.exported_at === "string"
      ? Date.parse(header.exported_at)
      : NaN;
    this.#prevLink = chainStart(header);
    // The chain covers the header's values, not its form: a key twice (say `public_key`)
    // would show a reader another value than the one checked.
    const form = notExportedForm(text, header);
    if (form !== undefined) {
      this.#summary.reformatted++;
      this.#report({ severity: "problem", line: lineNo, reasons: [`header is ${form}`] });
    }
  }

  #fold(parsed: ParsedLine, lineNo: number): void {
    this.#lines++;
    if (parsed.kind === "invalid") this.#invalid(parsed.why, parsed.id, lineNo);
    else if (this.#trailer) {
      const id = parsed.kind === "record" ? parsed.line.id : parsed.trailer.id;
      this.#report({
        severity: "problem",
        line: lineNo,
        id: stringOr(id),
        reasons: ["line follows the trailer (added after export)"],
      });
    } else if (parsed.kind === "trailer") this.#readTrailer(parsed.trailer, parsed.form, lineNo);
    else this.#record(parsed.line, parsed.form, lineNo);
  }

  /** A line that is not a record verify can check: named, and no chain link across it. */
  #invalid(why: string, id: string | undefined, lineNo: number): void {
    this.#summary.chainBreaks++;
    this.#prevLink = undefined;
    this.#report({ severity: "problem", line: lineNo, id, reasons: [`line is ${why}`] });
  }

  #record(line: Record<string, unknown>, form: string | undefined, lineNo: number): void {
    const id = stringOr(line.id);
    const datastore = stringOr(line._datastore);
    const names = Object.keys(line);
    const seq = typeof line._seq === "number" ? line._seq : NaN;
    let signature: SignatureCheck;
    let chainMismatch: boolean;
    try {
      signature = checkSignature(line, names, datastore, this.#keys);
      chainMismatch = this.#chain(line, names, datastore, seq, signature);
    } catch (error) {
      // A value no exporter writes (an object whose `toString` is not a function, where a
      // signature attribute is turned into text) must not stop the check of other lines.
      return this.#invalid(`not checkable: ${quote((error as Error).message)}`, id, lineNo);
    }
    const reasons: string[] = [...addedAttributes(names)];
    if (form !== undefined) {
      this.#summary.reformatted++;
      reasons.push(form);
    }
    // Position in the export (NaN: `_seq` is not a number).
    const inOrder = this.#positions.add(seq, reasons);
    if (signature.problem) reasons.push(signature.problem);
    this.#summary.records++;
    this.#onRecord?.(datastore, id, lineNo);
    if (chainMismatch) this.#summary.chainBreaks++;
    if (signature.valid === true) this.#summary.signed++;
    if (signature.valid === false) {
      reasons.push("content does not match its signature (modified or forged)");
    }
    // Chain: reported only when nothing else explains a break at this line.
    if (chainMismatch && reasons.length === 0 && inOrder) {
      reasons.push(
        "chain link does not follow the line before (export attributes edited, or lines " +
          "changed, moved or removed around here)",
      );
    }
    let warning: string | undefined;
    if (datastore === "decisions") {
      const state = checkDecisionState(line, this.#exportedAt);
      reasons.push(...state.problems);
      warning = state.warning;
    }
    if (reasons.length > 0) {
      if (warning) reasons.push(warning);
      this.#report({ severity: "problem", line: lineNo, id, datastore, reasons });
    } else if (warning) {
      this.#report({ severity: "warning", line: lineNo, id, datastore, reasons: [warning] });
    }
  }

  /** Whether the line's `_chain` does not follow the line before; it becomes the next link. */
  #chain(
    line: Record<string, unknown>,
    names: string[],
    datastore: string | undefined,
    seq: number,
    signature: { message?: string; version?: number },
  ): boolean {
    const stored = typeof line._chain === "string" ? line._chain : undefined;
    const previous = this.#prevLink;
    this.#prevLink = stored;
    if (datastore === undefined || Number.isNaN(seq)) return true;
    if (previous === undefined) return false;
    const chained = chainedRecordVersion(this.#version);
    // The signed text is built once when the record's version is the one the chain encodes.
    const message = signature.version === chained && signature.message !== undefined
      ? signature.message
      : recordMessage(datastore, line, names, chained);
    return chainLinkOf(previous, seq, message, line, this.#version) !== stored;
  }

  #readTrailer(trailer: Record<string, unknown>, form: string | undefined, lineNo: number): void {
    this.#trailer = trailer as unknown as ExportTrailer;
    this.#summary.trailer = true;
    if (form !== undefined) this.#summary.reformatted++;
    const checked = checkTrailer(this.#trailer, {
      form,
      records: this.#summary.records,
      highest: this.#positions.highest,
      lastLink: this.#prevLink,
      keys: this.#keys,
      version: this.#version,
    });
    this.#summary.seal = checked.seal;
    if (checked.reasons.length > 0) {
      this.#report({ severity: "problem", line: lineNo, reasons: checked.reasons });
    }
  }

  /** Reports what only the end can show (missing positions, no trailer or seal); the summary. */
  finish(): VerifySummary {
    const missing = this.#positions.missing(this.#trailer?.count);
    this.#summary.missing = missing.total;
    for (const reason of missing.reasons) this.#report({ severity: "problem", reasons: [reason] });
    if (!this.#trailer && this.#summary.header) {
      this.#report({
        severity: "problem",
        reasons: ["no trailer: the file is truncated, or its last lines were removed"],
      });
    } else if (this.#trailer && this.#summary.seal === "absent") {
      const severity = this.#allowUnsealed ? "warning" : "problem";
      this.#report({ severity, reasons: [unsealedReason(this.#allowUnsealed)] });
    }
    return this.#summary;
  }
}

/** `value` when it is a string. */
function stringOr(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
