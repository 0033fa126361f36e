/**
 * The deploy rehearsal refuses, with a message naming the cause, what `slack deploy` or hosted
 * Slack would refuse; each fixture app under testdata/ carries one such defect. The rehearsal of
 * this repository itself runs in CI as `deno task rehearse`.
 */
import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { configProblem } from "./hooks.ts";
import { permissionProblem } from "./hosted.ts";
import { resolveTemplates } from "./flow.ts";
import { RehearsalError, rehearse } from "./mod.ts";
import { SHARED_ENV } from "./offline.ts";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const SHARED = Deno.env.get(SHARED_ENV) || join(REPO, "..", "shared");
const HAVE_SHARED = existsSync(join(SHARED, "slack-sources"));
const ignore = !HAVE_SHARED;
if (ignore) console.log(`rehearsal tests skipped: ${SHARED}/slack-sources is not present`);

function fixture(name: string): string {
  return fileURLToPath(new URL(`./testdata/${name}`, import.meta.url));
}

async function refused(name: string, deno146 = false): Promise<string> {
  const err = await assertRejects(
    () =>
      rehearse({
        repo: REPO,
        app: fixture(name),
        shared: SHARED,
        cacheDir: deno146 ? join(REPO, ".rehearsal") : false,
      }),
    RehearsalError,
  );
  return err.message;
}

Deno.test({
  name: "a clean fixture app deploys: manifest, one bundle, a hosted run that completes",
  ignore,
  async fn() {
    const report = await rehearse({
      repo: REPO,
      app: fixture("ok"),
      shared: SHARED,
      cacheDir: false,
    });
    assertEquals(report.bundles.map((b) => b.callback_id), ["probe"]);
    assert(report.bundles[0].bytes > 1000, `bundle of ${report.bundles[0].bytes} bytes`);
    assertEquals(
      (report.manifest.functions as Record<string, Record<string, unknown>>).probe.source_file,
      undefined,
    );
    assertEquals(report.flow, undefined); // no handle_request workflow in the fixture
  },
});

Deno.test({
  name: 'Deno 1.46 cannot read "nodeModulesDir": "auto": the rehearsal says so',
  ignore,
  async fn() {
    const message = await refused("node_modules_dir_auto", true);
    assertStringIncludes(message, "Cannot deploy with Deno 1.46.2: deno.jsonc cannot be read");
    assertStringIncludes(message, "nodeModulesDir");
  },
});

Deno.test({
  name: "Deno 1.46 cannot read a version 5 lockfile: the rehearsal says so",
  ignore,
  async fn() {
    const message = await refused("lockfile_v5", true);
    assertStringIncludes(message, "the lockfile (deno.lock) is version 5");
    assertStringIncludes(message, '"lock": false');
  },
});

Deno.test({
  name: "a function reading Deno.env fails as on hosted Slack (no --allow-env)",
  ignore,
  async fn() {
    const message = await refused("env_read");
    assertStringIncludes(message, 'function "probe" reads the environment ("PROBE_SETTING")');
    assertStringIncludes(message, "no --allow-env");
  },
});

Deno.test({
  name: "a function writing a file fails as on hosted Slack (no --allow-write)",
  ignore,
  async fn() {
    const message = await refused("fs_write");
    assertStringIncludes(message, 'function "probe" writes files');
  },
});

Deno.test({
  name: "a function fetching a host outside outgoingDomains fails, naming the host",
  ignore,
  async fn() {
    const message = await refused("outside_host");
    assertStringIncludes(
      message,
      `function "probe" fetched "collector.example.net", which is not in the manifest's ` +
        "outgoingDomains (hooks.example.com)",
    );
  },
});

Deno.test({
  name: "a function importing a module a clean clone lacks fails before bundling, naming it",
  ignore,
  async fn() {
    const message = await refused("missing_module");
    assertStringIncludes(message, "(get-manifest hook)");
    assertStringIncludes(message, 'Module not found "file://');
    assertStringIncludes(message, "missing_module/generated/settings.ts");
  },
});

Deno.test({
  name: "a computed import the bundler cannot follow fails the hosted run, naming the module",
  ignore,
  async fn() {
    const message = await refused("unbundlable");
    assertStringIncludes(message, 'function "probe" imports "file://');
    assertStringIncludes(message, '/parts/greeting.ts" at run time, which its bundle does not');
  },
});

Deno.test("permission and config failures are named from Deno's own messages", () => {
  assertEquals(
    permissionProblem("f", 'NotCapable: Requires net access to "evil.net:443", run again', [
      "a.com",
    ]),
    `function "f" fetched "evil.net", which is not in the manifest's outgoingDomains (a.com); ` +
      "hosted Slack allows exactly those hosts",
  );
  assertEquals(permissionProblem("f", "all fine", []), undefined);
  assertStringIncludes(
    configProblem("error: Unsupported lockfile version '5'. Try upgrading", "1.46.2")!,
    "version 5",
  );
  assertEquals(configProblem("error: Module not found", "1.46.2"), undefined);
});

Deno.test("workflow references resolve from inputs and earlier steps' outputs", () => {
  const steps = { "0": { verdict: "verified", n: 2 } };
  assertEquals(
    resolveTemplates({ a: "{{inputs.x}}", b: "{{steps.0.n}}", c: "v={{steps.0.verdict}}" }, {
      x: "X",
    }, steps),
    { a: "X", b: 2, c: "v=verified" },
  );
  let thrown = false;
  try {
    resolveTemplates("{{env.SECRET}}", {}, {});
  } catch (err) {
    thrown = err instanceof RehearsalError;
  }
  assert(thrown);
});
