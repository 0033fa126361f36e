import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { verifySignature } from "../lib/contract/mod.ts";
import { buildCallbackPayload, importSigningKey, signCallback } from "../lib/callback/mod.ts";

const ROOT = new URL("..", import.meta.url).pathname;

/** Runs the CLI as a user would, returning exit code and output. */
async function cli(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--import-map=import_map.local.json", "-A", "cli/main.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

async function withTempDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "countersign_cli_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function keygenJson(dir: string) {
  const path = join(dir, "bot.key");
  const res = await cli("keygen", "--out", path, "--json", "--service", "ci-bot");
  assertEquals(res.code, 0, res.stderr);
  return { path, ...JSON.parse(res.stdout) as { public_key: string; key_id: string } };
}

const REQUEST = [
  "--service",
  "ci-bot",
  "--key-id",
  "ci-bot-1",
  "--action",
  "deploy",
  "--resource",
  "api-server#152",
  "--environment",
  "production",
  "--reason",
  "Release 152 <!channel>",
  "--triggered-by",
  "U0ENG00001",
  "--source-url",
  "https://ci.example.com/runs/1",
  "--condition",
  "ci_status=passed",
  "--condition",
  "tests=a&b",
];

/** REQUEST with one flag's value replaced. */
function withFlag(name: string, value: string): string[] {
  const out = [...REQUEST];
  out[out.indexOf(`--${name}`) + 1] = value;
  return out;
}

Deno.test("keygen writes a 0600 PEM key and prints its public key and a registration snippet", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "bot.key");
    const res = await cli("keygen", "--out", path, "--service", "ci-bot");
    assertEquals(res.code, 0, res.stderr);
    const pem = await Deno.readTextFile(path);
    assertMatch(pem, /^-----BEGIN PRIVATE KEY-----\n/);
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
    assert(!res.stdout.includes(pem.split("\n")[1]), "the private key must never be printed");
    const raw = res.stdout.match(/raw base64[^\n]*\n([A-Za-z0-9+/=]{44})\n/)?.[1];
    assert(raw, res.stdout);
    assertStringIncludes(res.stdout, "-----BEGIN PUBLIC KEY-----");
    const snippet = res.stdout.match(/slack datastore put --datastore services '(.*)'/)?.[1];
    assert(snippet, res.stdout);
    const item = JSON.parse(snippet).item;
    assertEquals(item.id, "ci-bot");
    assertEquals(item.public_keys, [{ key_id: "ci-bot-1", public_key: raw }]);
    // pubkey derives the same public key from the file.
    const pub = await cli("pubkey", "--key", path);
    assertEquals(pub.stdout.trim(), raw);
  });
});

Deno.test("keygen refuses to overwrite an existing key file", async () => {
  await withTempDir(async (dir) => {
    const { path } = await keygenJson(dir);
    const before = await Deno.readTextFile(path);
    const res = await cli("keygen", "--out", path);
    assertEquals(res.code, 1);
    assertEquals(
      res.stderr.trim(),
      `error: Cannot write key file "${path}": the file exists (pass --force to replace it)`,
    );
    assertEquals(await Deno.readTextFile(path), before);
  });
});

Deno.test("sign --print output verifies with the public key from keygen", async () => {
  await withTempDir(async (dir) => {
    const { path, public_key } = await keygenJson(dir);
    const res = await cli("sign", "--print", "--key", path, ...REQUEST, "--request-id", "req-1");
    assertEquals(res.code, 0, res.stderr);
    const body = JSON.parse(res.stdout);
    assertEquals(body.request_id, "req-1");
    assertEquals(body.conditions, "ci_status=passed&tests=a%26b");
    assertEquals(body.reason, "Release 152 <!channel>");
    assertMatch(body.timestamp, /^\d{10}$/);
    assertEquals(await verifySignature(body, public_key), true);
    // Any change to a signed field breaks the signature.
    assertEquals(await verifySignature({ ...body, environment: "staging" }, public_key), false);
  });
});

Deno.test("sign without --request-id uses a fresh UUID each time", async () => {
  await withTempDir(async (dir) => {
    const { path } = await keygenJson(dir);
    const a = JSON.parse((await cli("sign", "--key", path, ...REQUEST)).stdout);
    const b = JSON.parse((await cli("sign", "--key", path, ...REQUEST)).stdout);
    assertMatch(a.request_id, /^[0-9a-f-]{36}$/);
    assert(a.request_id !== b.request_id);
  });
});

Deno.test("missing or bad flags exit 1 with a specific message and no stack", async () => {
  await withTempDir(async (dir) => {
    const { path } = await keygenJson(dir);
    const noReason = REQUEST.slice(0, 10); // everything up to --environment
    const missing = await cli("sign", "--key", path, ...noReason);
    assertEquals(missing.code, 1);
    assertEquals(missing.stderr.trim(), "error: Cannot build request: --reason is required");
    assertEquals(missing.stdout, "");

    const twice = await cli("sign", "--key", path, ...REQUEST, "--action", "deploy");
    assertEquals(twice.code, 1);
    assertEquals(twice.stderr.trim(), 'error: Cannot parse arguments: "--action" is given twice');

    const badAction = await cli("sign", "--key", path, ...withFlag("action", "rm -rf"));
    assertEquals(badAction.code, 1);
    assertMatch(badAction.stderr, /^error: Cannot build request: field "action" .*malformed_field/);

    const malformed = await cli("sign", "--key", path, ...withFlag("service", "a b"));
    assertEquals(malformed.code, 1);
    assertMatch(
      malformed.stderr,
      /^error: Cannot build request: field "service_id" .*malformed_field/,
    );

    const noKey = await cli("sign", "--key", join(dir, "nope.key"), ...REQUEST);
    assertEquals(
      noKey.stderr.trim(),
      `error: Cannot read key file "${join(dir, "nope.key")}": no such file`,
    );

    const unknown = await cli("sign", "--colour", "red");
    assertEquals(unknown.stderr.trim(), 'error: Cannot parse arguments: unknown flag "--colour"');

    const debug = await cli("sign", "--debug", "--key", path);
    assertEquals(debug.code, 1);
    assertStringIncludes(debug.stderr, "error: Cannot build request: --service is required");
    assertStringIncludes(debug.stderr, "at buildRequest");
  });
});

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

Deno.test("pubkey --pkcs8 prints the key in the COUNTERSIGN_SIGNING_KEY form", async () => {
  await withTempDir(async (dir) => {
    const { path, public_key } = await keygenJson(dir);
    const res = await cli("pubkey", "--key", path, "--pkcs8");
    assertEquals(res.code, 0, res.stderr);
    const key = await importSigningKey(res.stdout.trim());
    assertEquals(key.publicKey, public_key);
  });
});

Deno.test("receive prints verified callbacks and flags forged ones", async () => {
  await withTempDir(async (dir) => {
    const { path, public_key } = await keygenJson(dir);
    const pkcs8 = (await cli("pubkey", "--key", path, "--pkcs8")).stdout.trim();
    const key = await importSigningKey(pkcs8);
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--import-map=import_map.local.json",
        "-A",
        "cli/main.ts",
        "receive",
        "--port",
        "0",
        "--public-key",
        public_key,
        "--service",
        "ci-bot",
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    const nextLine = async () => {
      while (!buffer.includes("\n")) {
        const { value, done } = await lines.read();
        if (done) throw new Error("receiver exited");
        buffer += value;
      }
      const i = buffer.indexOf("\n");
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      return line;
    };
    try {
      const port = (await nextLine()).match(/127\.0\.0\.1:(\d+)/)?.[1];
      assert(port);
      const body = JSON.stringify(buildCallbackPayload({
        decision_id: "ci-bot|r1",
        request_id: "r1",
        service_id: "ci-bot",
        outcome: "approved",
        decided_by: ["U0APPR0001"],
      }, Date.now()));
      const headers = await signCallback(key, body, Date.now(), "ci-bot");
      const url = `http://127.0.0.1:${port}/`;
      const ok = await fetch(url, { method: "POST", headers, body });
      assertEquals(ok.status, 200);
      await ok.body?.cancel();
      assertEquals(await nextLine(), "verified approved ci-bot/r1 by U0APPR0001");
      const forged = await fetch(url, {
        method: "POST",
        headers,
        body: body.replace("approved", "denied"),
      });
      assertEquals(forged.status, 401);
      await forged.body?.cancel();
      assertEquals(
        await nextLine(),
        "NOT VERIFIED denied ci-bot/r1 by U0APPR0001: Cannot verify callback: signature does not match",
      );
    } finally {
      child.kill();
      await lines.cancel();
      await child.status;
    }
  });
});

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
