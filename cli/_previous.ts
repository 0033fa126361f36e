/**
 * `verify --previous OLD`: the records of an earlier export, to name those that are gone from
 * the new one. A record deleted from the datastore leaves no trace in a later export; only a
 * copy taken before (an earlier export, the SIEM) can show it. Holds one entry per old record
 * (id and line), so memory grows with the earlier file — the one exception to flat memory.
 *
 * @module
 */
import { type LongLine, readLines } from "../lib/audit/mod.ts";

/**
 * Ids of an earlier export, as `<datastore> <id>` → line. A line too long to read (see
 * `readLines`) is skipped unread and passed to `onLongLine`: a record it held cannot be compared.
 */
export async function readPreviousIds(
  path: string,
  onLongLine: (lineNo: number, line: LongLine) => void = () => {},
): Promise<Map<string, number>> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "no such file" : (error as Error).message;
    throw new Error(`Cannot verify: --previous "${path}": ${why}`);
  }
  const ids = new Map<string, number>();
  try {
    let lineNo = 0;
    for await (const text of readLines(file)) {
      lineNo++;
      if (typeof text !== "string") {
        onLongLine(lineNo, text);
        continue;
      }
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text);
      } catch {
        continue; // An unreadable line of the old file names no record to look for.
      }
      if (typeof line?._datastore === "string" && typeof line.id === "string") {
        ids.set(`${line._datastore} ${line.id}`, lineNo);
      }
    }
  } finally {
    file.close();
  }
  return ids;
}
