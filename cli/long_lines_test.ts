import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exportLines, sampleDecision, signed, testAuditKey } from "../lib/audit/_testing.ts";

// Every reader of an export or a `slack datastore query` file, run as a user runs it: a line
// over 1 MiB (no Slack item is over 400 KB) is named by line and length and skipped unread, the
// lines after it are still checked, the command fails, and memory does not grow with the line.

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MIB = 1024 * 1024;

/**
 * Runs a CLI command as `deno task cli` does (deno.jsonc) through the benchmark's child, which
 * prints the process's peak RSS last; a run still going after two minutes fails.
 */
async function cli(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--import-map=import_map.local.json",
      "-A",
      "bench/_audit_child.ts",
      ...args,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", COUNTERSIGN_SLACK_TOKEN: "", COUNTERSIGN_SIGNING_KEY: "" },
    signal: AbortSignal.timeout(120_000),
  }).output();
  const text = new TextDecoder().decode(out.stdout).trimEnd();
  const last = text.lastIndexOf("\n");
  // The child's last line: the command's exit code and the process's peak RSS.
  const { code, peak_rss_kb: peak } = JSON.parse(text.slice(last + 1));
  return {
    code,
    stdout: text.slice(0, Math.max(last, 0)),
    stderr: new TextDecoder().decode(out.stderr),
    peakMb: peak / 1024,
  };
}

/**
 * Writes `before`, then a line of `megabytes` MiB (a record with a huge reason), then `after`
 * — written as a stream, 1 MiB at a time, never held. Returns the long line's length in bytes.
 */
async function writeWithLongLine(
  path: string,
  before: readonly string[],
  megabytes: number,
  after: readonly string[],
  end = "\n",
): Promise<number> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  const write = async (bytes: Uint8Array) => {
    for (let at = 0; at < bytes.length;) at += await file.write(bytes.subarray(at));
  };
  try {
    const start = encoder.encode('{"_datastore":"decisions","id":"huge","reason":"');
    await write(encoder.encode(before.map((line) => line + "\n").join("")));
    await write(start);
    const mib = new Uint8Array(MIB).fill(0x78);
    for (let i = 0; i < megabytes; i++) await write(mib);
    await write(encoder.encode('"}' + after.map((line) => "\n" + line).join("") + end));
    return start.length + megabytes * MIB + 2;
  } finally {
    file.close();
  }
}

async function withTempDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "countersign_long_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const key = await testAuditKey();
const records = await Promise.all(
  Array.from({ length: 20 }, (_, i) => signed(key, "decisions", sampleDecision(i + 1))),
);
const tooLong = (n: number) => `longer than 1 MiB (${n} bytes)`;

Deno.test("verify names a 3 MiB line and checks the lines around it", async () => {
  await withTempDir(async (dir) => {
    const lines = exportLines(key, records);
    // Record 10 was modified after the long line: named on its own line all the same.
    lines[10] = lines[10].replace('"outcome":"approved"', '"outcome":"approvex"');
    const file = join(dir, "audit.jsonl");
    // In place of record 5 (line 6).
    const bytes = await writeWithLongLine(file, lines.slice(0, 5), 3, lines.slice(6));
    {
      const run = await cli("verify", file, "--public-key", key.publicKey);
      assertEquals(run.code, 1, run.stderr);
      assertStringIncludes(
        run.stdout,
        `line 6: line is ${tooLong(bytes)}: not an exported record`,
      );
      assertStringIncludes(
        run.stdout,
        `line 11: record ${JSON.stringify(records[9].id)} (decisions): content does not match`,
      );
      assertStringIncludes(run.stdout, "missing: no line has export position 5");
      assertStringIncludes(run.stdout, "Checked 19 records in");
      assertStringIncludes(run.stdout, "18 signed and intact, 4 problems");
      assertStringIncludes(run.stderr, "4 problems found");
    }

    // Last, after the trailer, with no newline: named; every record before it intact.
    const all = exportLines(key, records);
    const last = await writeWithLongLine(file, all, 3, [], "");
    {
      const run = await cli("verify", file, "--public-key", key.publicKey);
      assertEquals(run.code, 1, run.stderr);
      assertStringIncludes(run.stdout, `line 23: line is ${tooLong(last)}: not an exported record`);
      assertStringIncludes(run.stdout, "20 signed and intact, 1 problem,");
    }
    // First, without --public-key: nothing names the key, and verify says why.
    await writeWithLongLine(file, [], 3, all.slice(1));
    const keyless = await cli("verify", file);
    assertEquals(keyless.code, 1);
    assertStringIncludes(keyless.stderr, "names no public key (line 1 is longer than 1 MiB");
  });
});

Deno.test("verify --previous names a 3 MiB line of the earlier export and compares the rest", async () => {
  await withTempDir(async (dir) => {
    const older = join(dir, "november.jsonl");
    const newer = join(dir, "december.jsonl");
    const lines = exportLines(key, records);
    const bytes = await writeWithLongLine(older, lines.slice(0, 5), 3, lines.slice(6));
    // Record 12 was deleted from the datastore since: still found missing, after the long line.
    await Deno.writeTextFile(newer, exportLines(key, records.toSpliced(11, 1)).join("\n") + "\n");
    const run = await cli("verify", newer, "--public-key", key.publicKey, "--previous", older);
    assertEquals(run.code, 1, run.stderr);
    assertStringIncludes(
      run.stdout,
      `--previous ${older}: line 6 is ${tooLong(bytes)}: not an exported record`,
    );
    assertStringIncludes(
      run.stdout,
      `record ${JSON.stringify(records[11].id)} (decisions): deleted: in ${older} (line 13)`,
    );
    assertStringIncludes(run.stdout, "19 signed and intact, 2 problems");
  });
});

Deno.test("export --from-file names a 3 MiB line, converts the rest, and leaves no trailer", async () => {
  await withTempDir(async (dir) => {
    const items = records.map((item) => JSON.stringify(item));
    const source = join(dir, "slack-query.jsonl");
    const out = join(dir, "audit.jsonl");
    for (const [after, end] of [[items.slice(3, 6), "\n"], [[], ""]] as const) {
      const bytes = await writeWithLongLine(source, items.slice(0, 2), 3, after, end);
      const run = await cli("export", "--from-file", source, "--out", out, "--no-seal");
      assertEquals(run.code, 1, run.stderr);
      assertStringIncludes(
        run.stderr,
        `line 3 of "${source}" is ${tooLong(bytes)}: not a datastore item`,
      );
      assertStringIncludes(run.stderr, "1 line too long to be an item (named above) skipped");
      const written = (await Deno.readTextFile(out)).trimEnd().split("\n").map((l) =>
        JSON.parse(l)
      );
      // The header and every other item, but no trailer: verify will call it incomplete.
      assertEquals(written.length, 1 + 2 + after.length);
      assert(!("countersign_audit_trailer" in written.at(-1)));
    }
  });
});

Deno.test("a 200 MiB line does not grow memory, whichever reader skips it", async () => {
  await withTempDir(async (dir) => {
    const lines = exportLines(key, records);
    const items = records.map((item) => JSON.stringify(item));
    const newer = join(dir, "newer.jsonl");
    await Deno.writeTextFile(newer, lines.join("\n") + "\n");
    // Each file with the line at 200 MiB, and at a few bytes to compare with.
    const files = async (megabytes: number) => {
      const path = (name: string) => join(dir, `${name}_${megabytes}.jsonl`);
      await writeWithLongLine(path("export"), lines.slice(0, 5), megabytes, lines.slice(6));
      await writeWithLongLine(path("items"), items.slice(0, 2), megabytes, items.slice(3));
      const pin = ["--public-key", key.publicKey];
      return [
        ["verify", ["verify", path("export"), ...pin]],
        ["verify --previous", ["verify", newer, ...pin, "--previous", path("export")]],
        ["export --from-file", ["export", "--from-file", path("items"), "--out", path("out")]],
      ] as const;
    };
    const huge = await files(200);
    const small = await files(0);
    const growth: Record<string, number> = {};
    const runs = [];
    for (const [i, [name, args]] of huge.entries()) {
      const run = await cli(...args);
      growth[name] = Math.round(run.peakMb - (await cli(...small[i][1])).peakMb);
      runs.push({ name, ...run });
    }
    // Held whole, the line took 0.8-1.6 GB more (buffers doubled, then the text); skipped, a few
    // buffers of up to 1 MiB (4-5 MB measured).
    for (const [name, mb] of Object.entries(growth)) {
      assert(
        mb < 24,
        `${name}: peak RSS grew ${mb} MB with a 200 MiB line: ${JSON.stringify(growth)}`,
      );
    }
    for (const { name, code, stdout, stderr } of runs) {
      assertEquals(code, 1, `${name}: ${stderr}`);
      assertStringIncludes(stdout + stderr, "longer than 1 MiB (2097", name);
    }
  });
});
