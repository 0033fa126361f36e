import { assertEquals, assertThrows } from "@std/assert";
import { parseFlags } from "./_args.ts";

const SPEC = { values: ["key", "out"], repeated: ["tag"], booleans: ["json"] };

Deno.test("parseFlags reads values, repeated flags and booleans, in both spellings", () => {
  const flags = parseFlags(
    ["--key", "k.pem", "--out=-", "--tag", "a", "--tag=b", "--json", "--debug"],
    SPEC,
  );
  assertEquals(Object.fromEntries(flags.values), { key: "k.pem", out: "-" });
  assertEquals(flags.repeated.get("tag"), ["a", "b"]);
  assertEquals([...flags.booleans].sort(), ["debug", "json"]);
  assertEquals(parseFlags(["--key="], SPEC).values.get("key"), "");
});

Deno.test("parseFlags refuses what a typo would make of a command, naming the argument", () => {
  const refused = (args: string[], message: string) =>
    assertThrows(() => parseFlags(args, SPEC), Error, `Cannot parse arguments: ${message}`);
  refused(["--colour", "red"], 'unknown flag "--colour"');
  refused(["--key", "a", "--key", "b"], '"--key" is given twice');
  refused(["--key"], '"--key" needs a value');
  refused(["--key", "--json"], '"--key" needs a value (for one that starts with "-"');
  assertEquals(parseFlags(["--key=-x"], SPEC).values.get("key"), "-x");
  refused(["--json=yes"], '"--json" takes no value');
  refused(["stray"], 'unexpected "stray"');
  refused(["--json", "--"], 'unexpected "--"');
  refused(["-k", "x"], 'unknown flag "-k"');
});
