/**
 * `request --wait` / `wait` without a platform: exit codes per outcome, and the specific errors a
 * user gets for a bad command line or a relay that refuses the read.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { appKey, serviceIdentity, testRelay } from "../relay/_testing.ts";
import { main } from "./main.ts";
import { EXIT, exitCodeOf } from "./wait.ts";

Deno.test("exit codes: only approvals are 0; an unknown outcome is an error, never a go-ahead", () => {
  assertEquals(
    ["approved", "auto_approved", "denied", "auto_denied", "rejected", "expired", "withdrawn"]
      .map(exitCodeOf),
    [0, 0, 2, 2, 3, 4, 5],
  );
  assertEquals(exitCodeOf("approved_later"), EXIT.error);
  assertEquals(exitCodeOf(""), EXIT.error);
});

/** Runs the CLI in-process, capturing stderr. */
async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...parts: unknown[]) => errors.push(parts.join(" "));
  try {
    return { code: await main(args), stderr: errors.join("\n") };
  } finally {
    console.error = original;
  }
}

Deno.test("wait: bad decision ids, missing settings and a refused read exit 1 with the reason", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign_wait_" });
  const app = await appKey();
  const owner = await serviceIdentity("svc-a");
  const stranger = await serviceIdentity("svc-a", "k9");
  const relay = await testRelay(app.publicKey, [owner]);
  try {
    const keyPath = `${dir}/stranger.pem`;
    await Deno.writeTextFile(keyPath, String(stranger.privateKey), { mode: 0o600 });
    const common = ["--key", keyPath, "--relay", relay.url, "--app-public-key", app.publicKey];
    const bad = await run(["wait", "no-bar", "--key-id", "k9", ...common]);
    assertEquals(bad.code, 1);
    assertStringIncludes(bad.stderr, 'error: Cannot wait for decision: "no-bar" is not');
    // A key the relay does not have for the service: the read is refused, not "pending".
    const refused = await run(["wait", "svc-a|r1", "--key-id", "k9", "--timeout", "0", ...common]);
    assertEquals(refused.code, 1);
    assertStringIncludes(refused.stderr, "relay refused (HTTP 401)");
    const noRelay = await run(["wait", "svc-a|r1", "--key-id", "k9", "--key", keyPath]);
    assertEquals(noRelay.code, 1);
    assertStringIncludes(noRelay.stderr, "--relay (or COUNTERSIGN_RELAY_URL) is required");
    const listenAlone = await run([
      "request",
      ...["--url", relay.url, "--key", keyPath, "--service", "svc-a", "--key-id", "k9"],
      ...["--action", "deploy", "--resource", "r", "--environment", "e", "--reason", "x"],
      ...["--listen", "0"],
    ]);
    assertEquals(listenAlone.code, 1);
    assertStringIncludes(listenAlone.stderr, "--listen belongs to --wait");
  } finally {
    await relay.close();
    await Deno.remove(dir, { recursive: true });
  }
});
