import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { browserUnavailable } from "./_browser.ts";

Deno.test("browserUnavailable: a missing browser skips locally but fails in CI", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const missing = `${dir}/chromium`;
    assertStringIncludes(browserUnavailable(missing, "") ?? "", "is missing");
    const err = assertThrows(() => browserUnavailable(missing, "true"), Error);
    assertStringIncludes(err.message, "Cannot run browser tests in CI:");
    await Deno.writeTextFile(missing, "#!/bin/sh\n");
    assertEquals(browserUnavailable(missing, "true"), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
