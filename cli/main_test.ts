import { assertEquals, assertStringIncludes } from "@std/assert";
import { cli } from "./_testing.ts";

Deno.test("no command or an unknown one: usage on stderr and exit 2", async () => {
  const none = await cli();
  assertEquals(none.code, 2);
  assertEquals(none.stdout, "");
  assertStringIncludes(none.stderr, "error: Cannot run: no command given");
  assertStringIncludes(none.stderr, "Usage: deno task cli <command>");

  const unknown = await cli("sned", "--url", "x");
  assertEquals(unknown.code, 2);
  assertStringIncludes(unknown.stderr, 'Cannot run command "sned": unknown command; one of keygen');

  const help = await cli("--help");
  assertEquals(help.code, 0);
  assertStringIncludes(help.stdout, "Usage: deno task cli <command>");
});

/** A loopback port nothing listens on (bound, then released). */
