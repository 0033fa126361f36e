import { assert, assertEquals } from "@std/assert";
import { join } from "node:path";
import { openSqliteStorage } from "../local/storage/sqlite.ts";
import type { PluginHost } from "../local/plugin.ts";
import { APP_KEY_FILE, setupDemo } from "./plugin.ts";

function host(
  storage: PluginHost["workspace"],
  dataDir: string,
  baseUrl: string,
  seed: boolean,
): PluginHost {
  return {
    app: { name: "Countersign", dir: ".", datastores: [] },
    workspace: storage,
    seed,
    dataDir,
    baseUrl,
    outgoingHosts: ["127.0.0.1"],
    publish: () => {},
    log: () => {},
  };
}

Deno.test("the demo is seeded once, and its callback URL follows the platform's port", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "countersign-demo-test-" });
  const storage = openSqliteStorage(":memory:");
  try {
    const first = await setupDemo(host(storage, dataDir, "http://127.0.0.1:3000", true));
    const serviceId = first.info!.serviceId;
    assertEquals(first.info!.callbackUrl, "http://127.0.0.1:3000/_local/demo-callback");
    const env = first.env!({});
    assertEquals(typeof env.COUNTERSIGN_SIGNING_KEY, "string");
    assertEquals(env.COUNTERSIGN_EXTRA_OUTGOING_DOMAINS, "127.0.0.1");
    // The CLI reads the app key from a private file, not from the platform's database.
    assertEquals(
      await Deno.readTextFile(join(dataDir, APP_KEY_FILE)),
      env.COUNTERSIGN_SIGNING_KEY,
    );
    assertEquals((await Deno.stat(join(dataDir, APP_KEY_FILE))).mode! & 0o777, 0o600);

    const moved = await setupDemo(host(storage, dataDir, "http://127.0.0.1:4100", false));
    assertEquals(moved.info!.callbackUrl, "http://127.0.0.1:4100/_local/demo-callback");
    assertEquals(
      storage.getItem("services", serviceId)?.callback_url,
      "http://127.0.0.1:4100/_local/demo-callback",
    );
    assertEquals(moved.env!({}).COUNTERSIGN_SIGNING_KEY, env.COUNTERSIGN_SIGNING_KEY);
    // The user's environment wins, and extra hosts are added to theirs, not in place of them.
    const given = moved.env!({
      COUNTERSIGN_ADMIN_USERS: "U0OTHER001",
      COUNTERSIGN_EXTRA_OUTGOING_DOMAINS: "hooks.example.com",
    });
    assertEquals(given.COUNTERSIGN_ADMIN_USERS, "U0OTHER001");
    assertEquals(given.COUNTERSIGN_EXTRA_OUTGOING_DOMAINS, "hooks.example.com,127.0.0.1");

    // A callback URL the operator changed is left alone.
    const service = storage.getItem("services", serviceId)!;
    storage.putItem("services", serviceId, { ...service, callback_url: "https://example.com/cb" });
    await setupDemo(host(storage, dataDir, "http://127.0.0.1:4200", false));
    assertEquals(storage.getItem("services", serviceId)?.callback_url, "https://example.com/cb");
  } finally {
    storage.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("without seeding, the demo brings its key and panels but no workspace", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "countersign-demo-test-" });
  const storage = openSqliteStorage(":memory:");
  try {
    const setup = await setupDemo(host(storage, dataDir, "http://127.0.0.1:3000", false));
    assertEquals(setup.info, undefined);
    assertEquals(storage.listUsers(), []);
    assert(setup.page?.panels?.some((p) => p.id === "decisions"));
    assertEquals(setup.startupLines!({ url: "", triggers: [], cwd: "." }), []);
  } finally {
    storage.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
