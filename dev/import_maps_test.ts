import { assertEquals, assertStringIncludes } from "@std/assert";
import { bareImports, compareImportMaps, stripJsonComments, versionOf } from "./import_maps.ts";
import { STD_ASSERT_VERSION } from "./std_assert.ts";

const root = new URL("../", import.meta.url);

function resolveLocal(target: string): string | undefined {
  if (target === "./dev/std_assert.ts") return STD_ASSERT_VERSION;
  const pkg = target.match(/^\.\/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (!pkg) return undefined;
  const json = JSON.parse(
    Deno.readTextFileSync(new URL(`node_modules/${pkg[1]}/package.json`, root)),
  );
  return json.version;
}

async function sourceFiles(dir: URL): Promise<URL[]> {
  const files: URL[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) files.push(...await sourceFiles(url));
    else if (/\.(ts|tsx|js)$/.test(entry.name)) files.push(url);
  }
  return files;
}

Deno.test("deno.jsonc and import_map.local.json map the same specifiers at the same versions", async () => {
  const canonical = JSON.parse(
    stripJsonComments(await Deno.readTextFile(new URL("deno.jsonc", root))),
  );
  const local = JSON.parse(await Deno.readTextFile(new URL("import_map.local.json", root)));
  const used = new Set<string>();
  for (const file of await sourceFiles(root)) {
    if (file.pathname.includes("/local/page/")) continue; // browser code, served as-is
    for (const spec of bareImports(await Deno.readTextFile(file))) used.add(spec);
  }
  assertEquals(compareImportMaps(canonical.imports, local.imports, used, resolveLocal), []);
});

Deno.test("a version drift between the maps is reported with the specifier", () => {
  const problems = compareImportMaps(
    { "deno-slack-sdk/": "https://deno.land/x/deno_slack_sdk@2.15.1/" },
    { "deno-slack-sdk/mod.ts": "npm:@slack/deno-slack-sdk@2.14.0" },
    [],
  );
  assertEquals(problems.length, 1);
  assertStringIncludes(problems[0], `"deno-slack-sdk/mod.ts" is 2.14.0 offline but 2.15.1`);
});

Deno.test("a specifier mapped in only one map is reported", () => {
  const problems = compareImportMaps(
    { "@std/assert": "jsr:@std/assert@^1", "x/": "https://deno.land/x/x@1.0.0/" },
    { "@std/assert": "npm:whatever@1.2.0", "y": "npm:y@1.0.0" },
    ["z"],
  );
  assertEquals(problems, [
    `"y" is mapped offline but not in deno.jsonc`,
    `"x/" is in deno.jsonc but has no offline mapping`,
    `"z" is imported but not in deno.jsonc`,
    `"z" is imported but not in import_map.local.json`,
  ]);
});

Deno.test("versions are read from npm, jsr, deno.land/x and vendored paths", () => {
  assertEquals(versionOf("npm:@slack/types@3.2.0"), "3.2.0");
  assertEquals(versionOf("npm:/@modelcontextprotocol/sdk@1.32.2/"), "1.32.2");
  assertEquals(versionOf("jsr:@std/assert@^1"), "^1");
  assertEquals(versionOf("https://deno.land/x/deno_slack_api@2.8.0/"), "2.8.0");
  assertEquals(
    versionOf("./node_modules/x/esm/deps/deno.land/x/deno_slack_api@2.8.0/types.d.ts"),
    "2.8.0",
  );
});

Deno.test("comments are stripped from JSONC without touching strings", () => {
  const text = `{\n // a comment\n "a": "http://x//y", /* b */ "c": 1\n}`;
  assertEquals(JSON.parse(stripJsonComments(text)), { a: "http://x//y", c: 1 });
});

Deno.test("bare specifiers are found in static and dynamic imports", () => {
  const src =
    `import { a } from "deno-slack-sdk/mod.ts";\nimport type { B } from "@slack/types";\n` +
    `import x from "./x.ts";\nimport y from "node:fs";\nconst z = await import("ajv");\nexport { c } from "npm:c@1";`;
  assertEquals(bareImports(src).sort(), ["@slack/types", "ajv", "deno-slack-sdk/mod.ts"]);
});
