/**
 * What verifying an export reports: findings about lines (or the file), and the summary.
 *
 * @module
 */
import type { ExportHeader } from "./export_format.ts";

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
