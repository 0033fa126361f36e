/**
 * `verify FILE`: checks an audit export — every record's signature, the export positions, the
 * hash chain and the sealed trailer — and names each modified, forged, moved or missing record
 * by line and id. It also says plainly what it cannot know (records deleted before export).
 * Lines are read and checked one at a time, so memory stays flat whatever the file's size.
 *
 * @module
 */
import {
  AuditVerifier,
  type ExportHeader,
  type Finding,
  importSyncPublicKey,
  type LongLine,
  readLines,
  type SyncPublicKey,
  type VerifySummary,
} from "../lib/audit/mod.ts";
import type { Flags } from "./_args.ts";
import { readPreviousIds } from "./_previous.ts";

/** Flags of `verify`. */
export const VERIFY_FLAGS = {
  values: ["previous"],
  repeated: ["public-key"],
  booleans: ["json", "allow-unsealed"],
} as const;

/** Reads `--public-key`: a raw base64 / PEM key, or a file holding one. */
async function readPublicKey(value: string): Promise<SyncPublicKey> {
  let text = value;
  try {
    if ((await Deno.stat(value)).isFile) text = await Deno.readTextFile(value);
  } catch {
    // Not a file: the value itself is the key.
  }
  try {
    return await importSyncPublicKey(text);
  } catch (error) {
    throw new Error(`Cannot verify: --public-key: ${(error as Error).message}`);
  }
}

/** One finding as a line of text; ids are JSON-quoted so no record can fake output. */
export function describeFinding(f: Finding): string {
  const where = f.line ? `line ${f.line}: ` : "";
  const what = f.id !== undefined
    ? `record ${JSON.stringify(f.id)}${
      f.datastore ? ` (${JSON.stringify(f.datastore).slice(1, -1)})` : ""
    }: `
    : "";
  return `${f.severity === "warning" ? "warning: " : ""}${where}${what}${f.reasons.join("; ")}`;
}

/** What the summary says about what was and was not proven. */
export function describeSummary(
  file: string,
  s: VerifySummary,
  keySource: "flag" | "header",
): string[] {
  const lines = [
    `Checked ${s.records} records in ${file}: ${s.signed} signed and intact, ` +
    `${s.problems} problem${s.problems === 1 ? "" : "s"}, ${s.warnings} warning${
      s.warnings === 1 ? "" : "s"
    }.`,
  ];
  if (keySource === "header") {
    lines.push(
      `Key: the public key written in the file itself (key id ${s.keyIds.join(", ")}). Whoever ` +
        "rewrote a whole file could put their own key there: pin your app's key with --public-key.",
    );
  } else lines.push(`Key: given with --public-key (key id ${s.keyIds.join(", ")}).`);
  if (s.seal === "valid" && s.chainBreaks === 0 && s.reformatted > 0) {
    // Signatures, chain and seal cover what a line parses to, not its bytes.
    lines.push(
      `Seal: valid and chain intact, but ${s.reformatted} line${
        s.reformatted === 1 ? " was" : "s were"
      } re-written after export (named above): what verify checked is as exported, yet a ` +
        "reader of those lines may see other values.",
    );
  } else if (s.seal === "valid" && s.chainBreaks === 0) {
    lines.push(
      "Seal: valid, chain intact. The file is exactly as exported: no line was changed, moved, " +
        "added or removed since" +
        (s.problems > 0 ? ", so the problems above were already in the datastore." : "."),
    );
  } else if (s.seal === "valid") {
    lines.push(
      `Seal: valid, but the chain breaks at ${s.chainBreaks} line${
        s.chainBreaks === 1 ? "" : "s"
      }` +
        ": the lines named above were changed after export.",
    );
  } else if (s.seal === "absent") {
    lines.push(
      "Seal: none. Each record's signature is still checked, but lines removed or moved and then " +
        "renumbered and rechained could go unnoticed (accepted only with --allow-unsealed).",
    );
  } else lines.push("Seal: INVALID — the trailer was changed or made with another key.");
  lines.push(
    "Deleted records: a record deleted from the datastore before the export leaves no trace in " +
      "it and cannot be detected from this file alone; --previous OLD_EXPORT names the records " +
      "of an earlier export that are gone, and the SIEM copy (if set up) has every decision.",
  );
  return lines;
}

/** Runs `verify`. */
export async function verifyAudit(flags: Flags, positional: readonly string[] = []): Promise<void> {
  if (positional.length !== 1) {
    throw new Error("Cannot verify: give exactly one export file (deno task cli verify FILE)");
  }
  const path = positional[0];
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "no such file" : (error as Error).message;
    throw new Error(`Cannot verify "${path}": ${why}`);
  }
  try {
    await verifyFile(flags, path, file);
  } finally {
    file.close();
  }
}

/** The first non-blank line and its number (`text` undefined: the file has none). */
async function readHead(
  lines: AsyncIterator<string | LongLine>,
): Promise<{ text?: string | LongLine; lineNo: number }> {
  let lineNo = 0;
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    lineNo++;
    if (typeof next.value !== "string" || next.value.trim() !== "") {
      return { text: next.value, lineNo };
    }
  }
  return { lineNo };
}

async function verifyFile(flags: Flags, path: string, file: Deno.FsFile): Promise<void> {
  const json = flags.booleans.has("json");
  const lines = readLines(file);
  const head = await readHead(lines);
  const first = head.text;
  if (first === undefined) throw new Error(`Cannot verify "${path}": the file is empty`);
  if (typeof first === "string" && first.startsWith("_datastore,")) {
    throw new Error(
      `Cannot verify "${path}": it is a CSV export (for reading; its cells lose the types the ` +
        "signatures cover); verify the JSONL export (`export --format jsonl`, the default)",
    );
  }
  const keys = await Promise.all((flags.repeated.get("public-key") ?? []).map(readPublicKey));
  const keySource = keys.length > 0 ? "flag" : "header";
  if (keys.length === 0) {
    let header: Partial<ExportHeader> = {};
    try {
      if (typeof first === "string") header = JSON.parse(first);
    } catch {
      // Reported by the verifier as an invalid first line.
    }
    if (typeof header.public_key !== "string") {
      const why = typeof first === "string" ? "" : ` (line ${head.lineNo} is ${first.why})`;
      throw new Error(
        `Cannot verify "${path}": the file names no public key${why}; pass --public-key with ` +
          "the app's key",
      );
    }
    keys.push(await readPublicKey(header.public_key));
  }
  const out: string[] = [];
  const print = (text: string) => {
    out.push(text);
    if (out.length >= 200) console.log(out.splice(0).join("\n"));
  };
  const previousPath = flags.values.get("previous");
  // Lines of the earlier export too long to read (each over 1 MiB, so few): named at the end.
  const unread: Finding[] = [];
  const previous = previousPath
    ? await readPreviousIds(previousPath, (lineNo, line) =>
      unread.push({
        severity: "problem",
        reasons: [
          `--previous ${previousPath}: line ${lineNo} is ${line.why}: not an exported record, ` +
          "so no record there is compared",
        ],
      }))
    : undefined;
  const verifier = new AuditVerifier({
    keys,
    onFinding: (f) => print(json ? JSON.stringify(f) : describeFinding(f)),
    onRecord: previous ? (datastore, id) => previous.delete(`${datastore} ${id}`) : undefined,
    allowUnsealed: flags.booleans.has("allow-unsealed"),
  });
  verifier.line(first, head.lineNo);
  let lineNo = head.lineNo;
  // Manual `next()` on the iterator the head was read from (a for-await loop would restart it).
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    verifier.line(next.value, ++lineNo);
  }
  const summary = verifier.finish();
  // Findings about the earlier export, printed as they come (there may be many).
  const late = (finding: Finding) => {
    summary.problems++;
    print(json ? JSON.stringify(finding) : describeFinding(finding));
  };
  unread.forEach(late);
  // Records of the earlier export that this one lacks: deleted in between (or not exported).
  for (const [key, oldLine] of previous ?? []) {
    const [datastore, ...rest] = key.split(" ");
    late({
      severity: "problem",
      id: rest.join(" "),
      datastore,
      reasons: [`deleted: in ${previousPath} (line ${oldLine}) but not in this export`],
    });
  }
  if (json) {
    print(JSON.stringify({ summary: { ...summary, header: undefined }, key_source: keySource }));
  } else describeSummary(path, summary, keySource).forEach(print);
  if (out.length) console.log(out.join("\n"));
  if (summary.problems > 0 || summary.seal === "invalid") {
    throw new Error(
      `Cannot verify "${path}": ${summary.problems} problem${
        summary.problems === 1 ? "" : "s"
      } found`,
    );
  }
}
