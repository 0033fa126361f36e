import { assertEquals, assertThrows } from "@std/assert";
import { isLoopback, parseMainFlags } from "./args.ts";

Deno.test("defaults, values in both spellings and repeatable --env", () => {
  const flags = parseMainFlags([
    "--port=0",
    "--data",
    "/tmp/d",
    "--env",
    "A=1",
    "--env=B=x=y",
    "--no-seed",
    "--debug",
  ]);
  assertEquals(flags.port, 0);
  assertEquals(flags.host, "127.0.0.1");
  assertEquals(flags.data, "/tmp/d");
  assertEquals(flags.app, ".");
  assertEquals(flags.env, { A: "1", B: "x=y" });
  assertEquals([flags.seed, flags.debug, flags.allowRemote], [false, true, false]);
});

Deno.test("--latency turns on hosted-like delays; off by default", () => {
  assertEquals(parseMainFlags([]).latency, false);
  assertEquals(parseMainFlags(["--latency"]).latency, true);
});

Deno.test("--rate-limits turns on Slack's Web API limits; off by default", () => {
  assertEquals(parseMainFlags([]).rateLimits, false);
  assertEquals(parseMainFlags(["--rate-limits"]).rateLimits, true);
  assertThrows(() => parseMainFlags(["--rate-limits=1"]), Error, "takes no value");
});

Deno.test("bad arguments are named in the error", () => {
  assertThrows(() => parseMainFlags(["--prot", "1"]), Error, 'unknown flag "--prot"');
  assertThrows(() => parseMainFlags(["--port", "http"]), Error, '--port "http" is not a port');
  assertThrows(() => parseMainFlags(["--port", "70000"]), Error, "not a port number");
  assertThrows(() => parseMainFlags(["--data"]), Error, '"--data" needs a value');
  assertThrows(() => parseMainFlags(["--env", "=x"]), Error, "not KEY=VALUE");
  assertThrows(() => parseMainFlags(["serve"]), Error, 'unexpected "serve"');
  assertThrows(() => parseMainFlags(["--debug=yes"]), Error, "takes no value");
});

Deno.test("only loopback hosts count as loopback", () => {
  for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) {
    assertEquals(isLoopback(host), true, host);
  }
  for (const host of ["0.0.0.0", "192.168.1.2", "::", "127.0.0.1.evil.test", "localhost.evil"]) {
    assertEquals(isLoopback(host), false, host);
  }
});

Deno.test("--plugin names the local plugin, --no-plugin runs without; default is the app's own", () => {
  assertEquals(parseMainFlags([]).plugin, undefined);
  assertEquals(parseMainFlags(["--plugin", "demo/plugin.ts"]).plugin, "demo/plugin.ts");
  assertEquals(parseMainFlags(["--no-plugin"]).plugin, false);
  assertThrows(() => parseMainFlags(["--plugin"]), Error, '"--plugin" needs a value');
});
