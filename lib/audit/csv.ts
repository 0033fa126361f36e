/**
 * CSV rows of audit records (RFC 4180), for spreadsheets. JSON Lines is the verifiable form;
 * CSV cells that a spreadsheet would run as a formula are defused with a leading `'`, which is
 * why a CSV export is for reading, not for `verify`.
 *
 * @module
 */

/** Cells starting with these run as formulas in spreadsheet programs (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: arrays and objects as JSON, formulas defused, quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  let text = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV line (no line break) of `columns` taken from `row`. */
export function csvRow(columns: readonly string[], row: Record<string, unknown>): string {
  return columns.map((c) => csvCell(row[c])).join(",");
}

/** The header line for `columns`. */
export function csvHeader(columns: readonly string[]): string {
  return columns.map(csvCell).join(",");
}
