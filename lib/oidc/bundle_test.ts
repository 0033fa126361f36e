/**
 * The verifier must keep working in a bundled build (what `slack deploy` ships): bundle a small
 * entry that uses it together with `jose`, then run the bundle with no import map or config.
 */
import { assertEquals } from "@std/assert";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const ENTRY = fileURLToPath(new URL("./testdata/bundle_entry.ts", import.meta.url));

async function bundleAvailable(): Promise<boolean> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--help"],
    stdout: "null",
    stderr: "null",
  })
    .output();
  return out.success;
}

const available = await bundleAvailable();
if (!available) {
  console.warn("skipping the bundled-build check: this Deno has no `deno bundle` subcommand");
}

Deno.test({
  name: "oidc: a bundled build of the verifier and jose verifies and refuses tokens",
  ignore: !available,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "countersign-bundle-" });
    try {
      const output = `${dir}/verifier.js`;
      const bundled = await new Deno.Command(Deno.execPath(), {
        args: [
          "bundle",
          "--import-map=import_map.local.json",
          "--platform=deno",
          "-o",
          output,
          ENTRY,
        ],
        cwd: REPO,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assertEquals(bundled.success, true, new TextDecoder().decode(bundled.stderr));
      const source = await Deno.readTextFile(output);
      assertEquals(/from\s+["'](npm:|jose)/.test(source), false, "jose is inside the bundle");
      const ran = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-config", "--no-lock", "--allow-net=127.0.0.1", output],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assertEquals(ran.success, true, new TextDecoder().decode(ran.stderr));
      const result = JSON.parse(new TextDecoder().decode(ran.stdout).trim().split("\n").at(-1)!);
      assertEquals(result, { good: "octocat", none: "oidc_alg_none" });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
