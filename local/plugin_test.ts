/**
 * The plugin seam, with a plugin of the test's own on the fixture app: what it brings (env,
 * routes, panels and their files, outgoing hosts, live events) reaches the app and the page, and
 * nothing else does.
 */
import { assertEquals, assertMatch, assertRejects } from "@std/assert";
import { join } from "node:path";
import type { PlatformPlugin, PluginHost } from "./plugin.ts";
import { loadPlugin } from "./plugin.ts";
import { CHANNEL, fire, getJson, startFixture, statusWithHost } from "./_testing.ts";

function testPlugin(seen: { host?: PluginHost; closed: number }): PlatformPlugin {
  return {
    name: "test-plugin",
    setup(host) {
      seen.host = host;
      if (host.seed) host.workspace.putUser({ id: "U0SEEDED01", name: "seeded", real_name: "S" });
      return {
        env: (given) => ({ FROM_PLUGIN: "1", ...given, HOSTS: host.outgoingHosts.join(",") }),
        outgoingHosts: ["plugin.example"],
        routes: [{
          method: "GET",
          path: "/_local/hello/:who",
          handle: (_req, url) => {
            host.publish("hello", { path: url.pathname });
            return new Response(`hello ${url.pathname.split("/").at(-1)}`);
          },
        }],
        page: {
          dir: new URL("./runtime/testdata/", import.meta.url),
          panels: [{ id: "p1", title: "Panel", module: "panel.js" }],
          storageKey: "test.local",
          defaultChannel: "tests",
        },
        info: { answer: 42 },
        close: () => void seen.closed++,
      };
    },
  };
}

Deno.test("a plugin's env, routes, page settings and hosts reach the app and the page", async () => {
  const seen: { host?: PluginHost; closed: number } = { closed: 0 };
  const platform = await startFixture({ plugin: testPlugin(seen), env: { GIVEN: "x" } });
  try {
    assertEquals(platform.demo, { answer: 42 });
    assertEquals(seen.host?.seed, true, "a fresh data folder is seeded");
    assertEquals(platform.storage.getUser("U0SEEDED01")?.name, "seeded");
    assertEquals(seen.host?.app.datastores, ["results"]);
    const run = await fire(platform, "Echo webhook", { channel: CHANNEL, text: "t", url: "" });
    const context = JSON.parse(String(run.step_outputs["1"].context));
    assertEquals(context.env_keys, ["FROM_PLUGIN", "GIVEN", "HOSTS", "SLACK_API_URL"]);

    const hello = await fetch(`${platform.url}/_local/hello/ada`);
    assertEquals(await hello.text(), "hello ada");
    // Plugin routes are the page's: Host-checked like it (fetch keeps its own Host header, so
    // speak HTTP/1.1 directly, as a DNS-rebinding page would).
    assertEquals(
      await statusWithHost(platform.url, "/_local/hello/ada", "evil.example"),
      "HTTP/1.1 403 Forbidden",
    );

    const state = await getJson(`${platform.url}/_local/state`) as Record<string, unknown>;
    assertEquals(state.page, {
      panels: [{ id: "p1", title: "Panel", module: "panel.js" }],
      storage_key: "test.local",
      default_channel: "tests",
    });
    assertEquals((state.app as { name: string }).name, "Fixture");
    // Panel files come from the plugin's folder, plain names only.
    const panel = await fetch(`${platform.url}/_local/plugin/panel.js`);
    assertEquals(panel.headers.get("content-type"), "text/javascript; charset=utf-8");
    assertMatch(await panel.text(), /export function mount/);
    const traversal = await fetch(`${platform.url}/_local/plugin/..%2Fserver.ts`);
    assertEquals(traversal.status, 404);
    await traversal.body?.cancel();
  } finally {
    await platform.close();
  }
  assertEquals(seen.closed, 1, "close reaches the plugin");
});

Deno.test("without a plugin the app gets only SLACK_API_URL and the page no panels", async () => {
  const platform = await startFixture({ plugin: false });
  try {
    assertEquals([platform.plugin, platform.demo], [undefined, undefined]);
    const state = await getJson(`${platform.url}/_local/state`) as Record<string, unknown>;
    assertEquals(state.page, { panels: [], storage_key: "local-platform" });
    const missing = await fetch(`${platform.url}/_local/callbacks`);
    assertEquals(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await platform.close();
  }
});

Deno.test("a plugin that fails to load or to set up stops the start with the reason", async () => {
  const dir = await Deno.makeTempDir({ prefix: "local-plugin-" });
  try {
    await assertRejects(() => loadPlugin(join(dir, "missing.ts")), Error, "Cannot load plugin");
    await Deno.writeTextFile(join(dir, "bad.ts"), "export default { name: 1 };\n");
    await assertRejects(
      () => loadPlugin(join(dir, "bad.ts")),
      Error,
      "has no default-exported { name, setup }",
    );
    const error = await assertRejects(() =>
      startFixture({
        plugin: {
          name: "broken",
          setup: () => {
            throw new Error("no key");
          },
        },
      })
    );
    assertMatch((error as Error).message, /^Cannot start platform: plugin "broken" failed: no key/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
