import { assertEquals, assertMatch } from "@std/assert";
import { EXTRA_DOMAINS_ENV } from "../../lib/config.ts";
import { forwardToSiem, SIEM_AUTHORIZATION_ENV, SIEM_URL_ENV } from "./siem.ts";

const fast = { baseDelayMs: 1, sleep: () => Promise.resolve() };

/** A real collector on 127.0.0.1 answering with `statuses` in turn (then 200). */
function collector(statuses: number[]) {
  const received: { body: unknown; authorization: string | null }[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    received.push({ body: await req.json(), authorization: req.headers.get("authorization") });
    return new Response("", { status: statuses[received.length - 1] ?? 200 });
  });
  return { server, url: `http://127.0.0.1:${server.addr.port}/collect`, received };
}

Deno.test("without a collector URL nothing is sent", async () => {
  assertEquals(await forwardToSiem({ [SIEM_URL_ENV]: "" }, "decisions", { id: "a" }), {
    status: "off",
  });
});

Deno.test("the signed record is POSTed, retried after a 5xx, with the configured authorization", async () => {
  const c = collector([503]);
  try {
    const env = {
      [SIEM_URL_ENV]: c.url,
      [EXTRA_DOMAINS_ENV]: "127.0.0.1",
      [SIEM_AUTHORIZATION_ENV]: "Splunk 1234",
    };
    const item = { id: "svc|r-1", outcome: "approved", record_signature: "sig" };
    const result = await forwardToSiem(env, "decisions", item, fast);
    assertEquals(result.status, "delivered");
    assertEquals(c.received.length, 2);
    assertEquals(c.received[1], {
      body: { source: "countersign", datastore: "decisions", record: item },
      authorization: "Splunk 1234",
    });
  } finally {
    await c.server.shutdown();
  }
});

Deno.test("a collector that keeps failing gets a bounded number of attempts", async () => {
  const c = collector([500, 500, 500, 500, 500]);
  try {
    const env = { [SIEM_URL_ENV]: c.url, [EXTRA_DOMAINS_ENV]: "127.0.0.1" };
    const result = await forwardToSiem(env, "decisions", { id: "a" }, fast);
    assertEquals(result.status, "failed");
    assertEquals(c.received.length, 3);
    assertMatch((result as { detail: string }).detail, /^Cannot forward to SIEM: HTTP 500/);
  } finally {
    await c.server.shutdown();
  }
});

Deno.test("a collector outside the outgoing domains is refused and never contacted", async () => {
  const result = await forwardToSiem(
    { [SIEM_URL_ENV]: "https://siem.evil.example/collect", [EXTRA_DOMAINS_ENV]: "" },
    "decisions",
    { id: "a" },
    fast,
  );
  assertEquals(result.status, "refused");
  assertMatch(
    (result as { detail: string }).detail,
    /^Cannot forward to SIEM: host "siem\.evil\.example"/,
  );
});
