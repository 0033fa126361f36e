import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { deliverCallback, type PreparedRequest } from "./deliver.ts";

/** A real receiver on 127.0.0.1 answering with `respond` for each request in turn. */
function receiver(respond: (n: number, req: Request) => Promise<Response> | Response) {
  const received: { body: string; headers: Headers }[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    received.push({ body: await req.text(), headers: req.headers });
    return await respond(received.length, req);
  });
  const url = new URL(`http://127.0.0.1:${server.addr.port}/callback?token=s3cret`);
  return { server, url, received };
}

const prepare = (attempt: number): Promise<PreparedRequest> =>
  Promise.resolve({
    body: JSON.stringify({ attempt }),
    headers: { "Content-Type": "application/json", "X-Attempt": String(attempt) },
  });

/** Records the backoff instead of waiting, so the test stays fast; the waits are asserted. */
const noWait = () => Promise.resolve();

Deno.test("delivers on the first 2xx", async () => {
  const r = receiver(() => new Response("ok"));
  try {
    const result = await deliverCallback(fetch, r.url, prepare, { sleep: noWait });
    assertEquals(result.status, "delivered");
    assertEquals(result.attempts, 1);
    assertEquals(r.received.length, 1);
    assertEquals(r.received[0].body, '{"attempt":1}');
  } finally {
    await r.server.shutdown();
  }
});

Deno.test("retries 5xx and 429 with exponential backoff, then succeeds", async () => {
  const r = receiver((n) => new Response("x", { status: n === 1 ? 503 : n === 2 ? 429 : 200 }));
  try {
    const result = await deliverCallback(fetch, r.url, prepare, { sleep: noWait });
    assertEquals(result, {
      status: "delivered",
      attempts: 3,
      detail: "HTTP 200 on attempt 3",
      delays: [500, 1000],
    });
    // Each attempt is prepared (signed) afresh.
    assertEquals(r.received.map((x) => x.headers.get("x-attempt")), ["1", "2", "3"]);
  } finally {
    await r.server.shutdown();
  }
});

Deno.test("gives up after the bounded attempts on persistent 5xx", async () => {
  const r = receiver(() => new Response("down", { status: 500 }));
  try {
    const result = await deliverCallback(fetch, r.url, prepare, { sleep: noWait });
    assertEquals(result.status, "failed");
    assertEquals(result.attempts, 3);
    assertEquals(result.detail, "Cannot deliver callback: HTTP 500 after 3 attempts");
    assertEquals(r.received.length, 3);
  } finally {
    await r.server.shutdown();
  }
});

Deno.test("does not retry other 4xx and does not follow redirects", async () => {
  const notFound = receiver(() => new Response("no", { status: 404 }));
  try {
    const result = await deliverCallback(fetch, notFound.url, prepare, { sleep: noWait });
    assertEquals(result.status, "failed");
    assertEquals(result.attempts, 1);
    assertEquals(result.detail, "Cannot deliver callback: HTTP 404 (not retried)");
  } finally {
    await notFound.server.shutdown();
  }
  const redirect = receiver(() => Response.redirect("https://evil.example/steal", 302));
  try {
    const result = await deliverCallback(fetch, redirect.url, prepare, { sleep: noWait });
    assertEquals(result.status, "failed");
    assertEquals(result.detail, "Cannot deliver callback: HTTP 302 (not retried)");
  } finally {
    await redirect.server.shutdown();
  }
});

Deno.test("a receiver that is down fails with a network error that hides the URL", async () => {
  const r = receiver(() => new Response("ok"));
  const url = r.url;
  await r.server.shutdown(); // nothing listens on this port any more
  const result = await deliverCallback(fetch, url, prepare, { sleep: noWait });
  assertEquals(result.status, "failed");
  assertEquals(result.attempts, 3);
  assertStringIncludes(result.detail, "network error");
  assert(!result.detail.includes("s3cret"), result.detail);
});

Deno.test("a slow receiver is cut off by the per-attempt timeout and retried", async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => release = resolve);
  const limits: number[] = [];
  const timers: AbortController[] = [];
  const r = receiver(async (n) => {
    if (n === 1) {
      // The first attempt's limit runs out while the receiver still holds the request: the
      // timer fires on this event, not after a wall-clock race against a busy machine.
      timers[0].abort(new DOMException("Signal timed out.", "TimeoutError"));
      await released;
    }
    return new Response("ok");
  });
  try {
    const result = await deliverCallback(fetch, r.url, prepare, {
      sleep: noWait,
      attemptTimeoutMs: 200,
      attemptSignal: (ms) => {
        limits.push(ms);
        timers.push(new AbortController());
        return timers.at(-1)!.signal;
      },
    });
    assertEquals(result.status, "delivered");
    assertEquals(result.attempts, 2);
    assertEquals(limits, [200, 200], "each attempt gets the per-attempt limit");
  } finally {
    release();
    await r.server.shutdown();
  }
});

Deno.test("by default the per-attempt limit is a real timer: a receiver that never answers times out", async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => release = resolve);
  const r = receiver(async () => {
    await released;
    return new Response("ok");
  });
  try {
    // However slow the machine, a receiver that never answers can only time out.
    const result = await deliverCallback(fetch, r.url, prepare, {
      sleep: noWait,
      attemptTimeoutMs: 50,
    });
    assertEquals([result.status, result.attempts], ["failed", 3]);
    assertStringIncludes(result.detail, "timed out after 3 attempts");
  } finally {
    release();
    await r.server.shutdown();
  }
});

Deno.test("the total budget stops retries that could not finish in time", async () => {
  const r = receiver(() => new Response("x", { status: 502 }));
  let clock = 0; // a fake clock that only the waits advance, so the test does not depend on speed
  try {
    const result = await deliverCallback(fetch, r.url, prepare, {
      now: () => clock,
      sleep: (ms) => {
        clock += ms;
        return Promise.resolve();
      },
      totalBudgetMs: 1200, // room for the 0.5 s wait but not 0.5 s + 1 s
    });
    assertEquals(result.status, "failed");
    assertEquals(result.attempts, 2);
    assertEquals(result.delays, [500]);
    assertStringIncludes(result.detail, "time budget spent");
  } finally {
    await r.server.shutdown();
  }
});
