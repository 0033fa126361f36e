import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { startTestPlatform, TEST_TOKEN, TEST_WORKSPACE as W } from "../local/testing.ts";
import { startPlatform } from "../local/server.ts";
import type { Storage } from "../local/storage/types.ts";

const ROOT = new URL("..", import.meta.url).pathname;

/** Runs the CLI as a user would. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--import-map=import_map.local.json", "-A", "cli/main.ts", "report", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...env },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

const T = Date.parse("2026-11-10T10:00:00Z");

function seed(storage: Storage) {
  const put = (id: string, item: Record<string, unknown>) =>
    storage.putItem("decisions", id, { id, status: "final", ...item });
  put("ci|1", {
    service_id: "ci-bot",
    action: "deploy",
    environment: "production",
    outcome: "approved",
    decided_by: [W.users.alice],
    requested_at: T,
    time_to_decision_ms: 90_000,
  });
  put("ci|2", {
    service_id: "ci-bot",
    action: "deploy",
    environment: "production",
    outcome: "denied",
    decided_by: [W.users.bob],
    requested_at: T + 86_400_000,
    time_to_decision_ms: 30_000,
  });
  put("ci|3", { service_id: "ci-bot", outcome: "expired", requested_at: T + 2 * 86_400_000 });
  put("ci|outside", {
    service_id: "ci-bot",
    outcome: "approved",
    requested_at: T + 30 * 86_400_000,
  });
}

Deno.test("report --url reads the local platform, prints the metrics and writes the chart", async () => {
  const platform = await startPlatform({ port: 0, dataDir: ":memory:", quiet: true, seed: false });
  const dir = await Deno.makeTempDir({ prefix: "countersign_report_" });
  try {
    seed(platform.storage);
    const out = join(dir, "chart.svg");
    const res = await cli([
      "--url",
      platform.url,
      "--from",
      "2026-11-09",
      "--to",
      "2026-11-15",
      "--out",
      out,
    ]);
    assertEquals(res.code, 0, res.stderr);
    assertStringIncludes(res.stdout, "Countersign report 2026-11-09 → 2026-11-16 UTC");
    assertStringIncludes(
      res.stdout,
      "3 decisions · approved 33.3% · denied 33.3% · auto 0.0% · rejected 0.0% · expired 33.3%",
    );
    assertStringIncludes(res.stdout, "p50 30s · p90 1m 30s · max 1m 30s (2 human)");
    const botRow = res.stdout.split("\n").find((l) => l.startsWith("ci-bot"));
    assert(botRow, res.stdout);
    assertEquals(botRow.split(/\s+/).slice(1, 2), ["3"]);
    const svg = await Deno.readTextFile(out);
    assert(svg.startsWith("<svg"), svg.slice(0, 100));
    assertStringIncludes(svg, "11-10 approved: 1");
    assertStringIncludes(svg, "11-12 expired: 1");
    assertStringIncludes(res.stdout, `Chart: ${out}`);
  } finally {
    await platform.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("report --token reads a workspace through the Web API, following cursors", async () => {
  const platform = await startTestPlatform();
  const dir = await Deno.makeTempDir({ prefix: "countersign_report_" });
  try {
    seed(platform.storage);
    for (let i = 0; i < 1500; i++) {
      platform.storage.putItem("decisions", `bulk|${i}`, {
        id: `bulk|${i}`,
        status: "final",
        service_id: "bulk-bot",
        outcome: "auto_approved",
        requested_at: T + 3 * 86_400_000 + i,
      });
    }
    const out = join(dir, "c.svg");
    const res = await cli(
      [
        "--api-url",
        platform.url,
        "--from",
        "2026-11-09",
        "--to",
        "2026-11-15",
        "--out",
        out,
        "--json",
      ],
      { COUNTERSIGN_SLACK_TOKEN: TEST_TOKEN },
    );
    assertEquals(res.code, 0, res.stderr);
    const json = JSON.parse(res.stdout);
    assertEquals(json.overall.counts.total, 1503, "more than one page of 1000");
    assertEquals(json.by_bot.map((g: { key: string }) => g.key), ["bulk-bot", "ci-bot"]);
    assertEquals(json.chart, out);
  } finally {
    await platform.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("report refuses missing sources, bad periods and unreachable platforms clearly", async () => {
  const none = await cli([], { COUNTERSIGN_SLACK_TOKEN: "" });
  assertEquals(none.code, 1);
  assertStringIncludes(none.stderr, "error: Cannot build report: give --url");
  const bad = await cli(["--url", "http://127.0.0.1:9", "--from", "yesterday"]);
  assertEquals(bad.code, 1);
  assertStringIncludes(bad.stderr, 'error: Cannot read period: --from "yesterday"');
  const down = await cli(["--url", "http://127.0.0.1:9"]);
  assertEquals(down.code, 1);
  // (Port 9 is one `fetch` refuses to call; a refused port is tested in cli/main_test.ts.)
  assertStringIncludes(
    down.stderr,
    "error: Cannot read decisions: cannot reach http://127.0.0.1:9",
  );
  assertEquals(down.stderr.includes("    at "), false, "no stack without --debug");
  const both = await cli(["--url", "http://127.0.0.1:9", "--token", "x"]);
  assertStringIncludes(both.stderr, "give either --url or --token, not both");
});

Deno.test("report's chart goes to --out in the user's folder, the data folder, or the user's folder", async () => {
  const platform = await startPlatform({ port: 0, dataDir: ":memory:", quiet: true, seed: false });
  const user = await Deno.makeTempDir({ prefix: "countersign_report_user_" });
  const inRoot = join(ROOT, "countersign-report.svg");
  const rootHadChart = await Deno.stat(inRoot).then(() => true, () => false);
  try {
    seed(platform.storage);
    // As `deno task cli` runs it: cwd is the project, INIT_CWD the user's folder.
    const env = { INIT_CWD: user };
    const data = join(user, "data");
    await Deno.mkdir(data);
    const toData = await cli(["--url", platform.url, "--data", data], env);
    assertEquals(toData.code, 0, toData.stderr);
    assertStringIncludes(toData.stdout, `Chart: ${join(data, "countersign-report.svg")}`);
    assert((await Deno.readTextFile(join(data, "countersign-report.svg"))).startsWith("<svg"));

    const noData = await cli(["--url", platform.url, "--data", join(user, "missing")], env);
    assertEquals(noData.code, 0, noData.stderr);
    assertStringIncludes(noData.stdout, `Chart: ${join(user, "countersign-report.svg")}`);
    await Deno.stat(join(user, "countersign-report.svg"));

    const relative = await cli(["--url", platform.url, "--out", "week.svg"], env);
    assertEquals(relative.code, 0, relative.stderr);
    assertStringIncludes(relative.stdout, `Chart: ${join(user, "week.svg")}`);
    await Deno.stat(join(user, "week.svg"));
    assertEquals(await Deno.stat(join(ROOT, "week.svg")).then(() => true, () => false), false);
    if (!rootHadChart) {
      assertEquals(await Deno.stat(inRoot).then(() => true, () => false), false, "repo root");
    }
  } finally {
    await platform.close();
    await Deno.remove(user, { recursive: true });
  }
});
