import { assertEquals } from "@std/assert";
import { openSqliteStorage } from "./storage/sqlite.ts";
import { setupDemo } from "./_demo.ts";

Deno.test("the demo is seeded once, and its callback URL follows the platform's port", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "countersign-demo-test-" });
  const storage = openSqliteStorage(":memory:");
  try {
    const first = await setupDemo({
      storage,
      dataDir,
      baseUrl: "http://127.0.0.1:3000",
      seed: true,
    });
    const serviceId = first.info!.serviceId;
    assertEquals(first.info!.callbackUrl, "http://127.0.0.1:3000/_local/demo-callback");
    assertEquals(typeof first.env.COUNTERSIGN_SIGNING_KEY, "string");

    const moved = await setupDemo({
      storage,
      dataDir,
      baseUrl: "http://127.0.0.1:4100",
      seed: false,
    });
    assertEquals(moved.info!.callbackUrl, "http://127.0.0.1:4100/_local/demo-callback");
    assertEquals(
      storage.getItem("services", serviceId)?.callback_url,
      "http://127.0.0.1:4100/_local/demo-callback",
    );
    assertEquals(moved.env.COUNTERSIGN_SIGNING_KEY, first.env.COUNTERSIGN_SIGNING_KEY);

    // A callback URL the operator changed is left alone.
    const service = storage.getItem("services", serviceId)!;
    storage.putItem("services", serviceId, { ...service, callback_url: "https://example.com/cb" });
    await setupDemo({ storage, dataDir, baseUrl: "http://127.0.0.1:4200", seed: false });
    assertEquals(storage.getItem("services", serviceId)?.callback_url, "https://example.com/cb");
  } finally {
    storage.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
