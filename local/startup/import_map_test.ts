import { assertEquals } from "@std/assert";
import { mergeImportMaps } from "./import_map.ts";

Deno.test("the app's map becomes a scope over its folder, with absolute targets", () => {
  const merged = mergeImportMaps(
    { imports: { "deno-slack-sdk/mod.ts": "npm:@slack/deno-slack-sdk@2.15.1", "x": "./dev/x.ts" } },
    new URL("file:///repo/import_map.local.json"),
    {
      imports: { "sdk": "npm:@slack/deno-slack-sdk@2.15.1", "lib/": "./lib/" },
      scopes: { "./vendor/": { "y": "./vendor/y.ts" } },
    },
    new URL("file:///apps/other/import_map.json"),
    new URL("file:///apps/other"),
  );
  assertEquals(merged.imports, {
    "deno-slack-sdk/mod.ts": "npm:@slack/deno-slack-sdk@2.15.1",
    "x": "file:///repo/dev/x.ts",
  });
  assertEquals(merged.scopes, {
    "file:///apps/other/vendor/": { "y": "file:///apps/other/vendor/y.ts" },
    "file:///apps/other/": {
      "sdk": "npm:@slack/deno-slack-sdk@2.15.1",
      "lib/": "file:///apps/other/lib/",
    },
  });
});
