import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { verifySignature } from "../lib/contract/mod.ts";
import { cli, keygenJson, REQUEST, withTempDir } from "./_testing.ts";

Deno.test("send --url POSTs the signed body and prints the response; HTTP errors exit 1", async () => {
  await withTempDir(async (dir) => {
    const { path, public_key } = await keygenJson(dir);
    const got: Record<string, string>[] = [];
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      async (req) => {
        const body = await req.json();
        got.push(body);
        if (body.environment === "staging") {
          return Response.json({ ok: false, error: "parameter_validation_failed" }, {
            status: 400,
          });
        }
        return Response.json({ ok: true });
      },
    );
    try {
      const url = `http://127.0.0.1:${server.addr.port}/triggers/T1/Ft1/secret`;
      const ok = await cli("send", "--url", url, "--key", path, ...REQUEST, "--request-id", "r-7");
      assertEquals(ok.code, 0, ok.stderr);
      assertStringIncludes(ok.stdout, 'HTTP 200 {"ok":true}');
      assertStringIncludes(ok.stdout, "request_id: r-7");
      assertStringIncludes(ok.stdout, "decision_id: ci-bot|r-7");
      assertStringIncludes(ok.stdout, `Watch it: http://127.0.0.1:${server.addr.port}/ `);
      assertStringIncludes(ok.stdout, `deno task cli wait 'ci-bot|r-7' --key ${path}`);
      assertEquals(got.length, 1);
      assertEquals(await verifySignature(got[0] as never, public_key), true);

      const bad = await cli(
        "send",
        "--url",
        url,
        "--key",
        path,
        ...REQUEST.slice(0, 8),
        "--environment",
        "staging",
        "--reason",
        "x",
      );
      assertEquals(bad.code, 1);
      assertStringIncludes(bad.stderr, "error: Cannot send request: HTTP 400");
      assertStringIncludes(bad.stderr, "parameter_validation_failed");

      const printed = await cli("send", "--print", "--url", url, "--key", path, ...REQUEST);
      assertEquals(printed.code, 0);
      assertEquals(JSON.parse(printed.stdout).service_id, "ci-bot");
      assertEquals(got.length, 2, "--print must not send");
    } finally {
      await server.shutdown();
    }
  });
});

function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("send and report to a stopped platform name it and suggest `deno task start`", async () => {
  await withTempDir(async (dir) => {
    const { path } = await keygenJson(dir);
    const port = closedPort();
    const expected = `cannot reach http://127.0.0.1:${port}: connection refused — ` +
      "is `deno task start` running?";
    const sent = await cli(
      "send",
      "--url",
      `http://127.0.0.1:${port}/triggers/T1/Ft1/secret-part`,
      "--key",
      path,
      ...REQUEST,
    );
    assertEquals(sent.code, 1);
    assertStringIncludes(sent.stderr, `error: Cannot send request: ${expected}`);
    assert(!sent.stderr.includes("secret-part"), "the webhook secret must not be printed");
    assert(!sent.stderr.includes("error sending request"), sent.stderr);

    const report = await cli(
      "report",
      "--url",
      `http://127.0.0.1:${port}`,
      "--out",
      join(dir, "r.svg"),
    );
    assertEquals(report.code, 1);
    assertStringIncludes(report.stderr, `error: Cannot read decisions: ${expected}`);
  });
});

Deno.test("send shows Retry-After of a 429", async () => {
  await withTempDir(async (dir) => {
    const { path } = await keygenJson(dir);
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      async (req) => {
        await req.body?.cancel();
        return Response.json({ ok: false, error: "ratelimited" }, {
          status: 429,
          headers: { "retry-after": "30" },
        });
      },
    );
    try {
      const url = `http://127.0.0.1:${server.addr.port}/triggers/T1/Ft1/s`;
      const res = await cli("send", "--url", url, "--key", path, ...REQUEST);
      assertEquals(res.code, 1);
      assertStringIncludes(res.stderr, "error: Cannot send request: HTTP 429 (retry after 30 s)");
      assertStringIncludes(res.stderr, "ratelimited");
    } finally {
      await server.shutdown();
    }
  });
});
