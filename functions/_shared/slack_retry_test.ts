import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { SlackAPI } from "deno-slack-sdk/mod.ts";
import { startPlatform } from "../../local/server.ts";
import {
  overloadable,
  overloadDetail,
  rateLimitWaitMs,
  SlackRateLimitedError,
  withSlackRetry,
} from "./slack_retry.ts";

/** A real HTTP server answering each call with the next scripted status (then 200 ok). */
function scriptedServer(statuses: { status: number; retryAfter?: string }[]) {
  const seen: string[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    await req.text();
    seen.push(new URL(req.url).pathname);
    const next = statuses.shift();
    if (!next) return Response.json({ ok: true, answered: seen.length });
    const headers: Record<string, string> = {};
    if (next.retryAfter !== undefined) headers["retry-after"] = next.retryAfter;
    return new Response("{}", { status: next.status, headers });
  });
  return { url: `http://127.0.0.1:${server.addr.port}/api/`, seen, close: () => server.shutdown() };
}

Deno.test("rateLimitWaitMs: only the SDK's 429 error, Retry-After in ms, default 1 s", () => {
  assertEquals(
    rateLimitWaitMs({ status: 429, headers: new Headers({ "retry-after": "3" }) }),
    3000,
  );
  assertEquals(rateLimitWaitMs({ status: 429, headers: new Headers() }), 1000);
  assertEquals(
    rateLimitWaitMs({ status: 429, headers: new Headers({ "retry-after": "x" }) }),
    1000,
  );
  assertEquals(rateLimitWaitMs({ status: 500, headers: new Headers() }), undefined);
  assertEquals(rateLimitWaitMs(new Error("boom")), undefined);
});

Deno.test("withSlackRetry: a 429 is retried after Retry-After with the SDK's real client", async () => {
  const server = scriptedServer([{ status: 429, retryAfter: "2" }, { status: 429 }]);
  const waits: number[] = [];
  try {
    const client = withSlackRetry(SlackAPI("xoxb-test", { slackApiUrl: server.url }), {
      jitterMs: 0,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    const res = await client.chat.postMessage({ channel: "C1", text: "hi" });
    assertEquals(res.ok, true);
    assertEquals(server.seen, [
      "/api/chat.postMessage",
      "/api/chat.postMessage",
      "/api/chat.postMessage",
    ]);
    assertEquals(waits, [2000, 1000]);
    // apiCall is covered too, named by its method argument.
    server.seen.length = 0;
    assertEquals((await client.apiCall("auth.test", {})).ok, true);
    assertEquals(server.seen, ["/api/auth.test"]);
  } finally {
    await server.close();
  }
});

Deno.test("withSlackRetry: other failures pass through untouched, once", async () => {
  const server = scriptedServer([{ status: 500 }]);
  try {
    const client = withSlackRetry(SlackAPI("xoxb-test", { slackApiUrl: server.url }));
    const error = await assertRejects(() => client.users.info({ user: "U1" }));
    assertEquals((error as { status?: number }).status, 500);
    assertEquals(server.seen.length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("withSlackRetry: a wait longer than the time budget fails at once, clearly", async () => {
  const server = scriptedServer([{ status: 429, retryAfter: "30" }]);
  let slept = false;
  try {
    const client = withSlackRetry(SlackAPI("xoxb-test", { slackApiUrl: server.url }), {
      budgetMs: 5_000,
      sleep: () => {
        slept = true;
        return Promise.resolve();
      },
    });
    const error = await assertRejects(
      () => client.apps.datastore.get({ datastore: "decisions", id: "x" }),
      Error,
      "Cannot call apps.datastore.get: Slack rate-limits it and asks to wait 30 s",
    );
    assertEquals(((error as Error).cause as { status?: number }).status, 429);
    // A typed error a handler can turn into a recorded `overloaded` outcome.
    assert(error instanceof SlackRateLimitedError);
    assertEquals([error.method, error.retryAfterSeconds], ["apps.datastore.get", 30]);
    assert(!slept);
    assertEquals(server.seen.length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("withSlackRetry: gives up after maxAttempts", async () => {
  const server = scriptedServer(
    Array.from({ length: 5 }, () => ({ status: 429, retryAfter: "0" })),
  );
  try {
    const client = withSlackRetry(SlackAPI("xoxb-test", { slackApiUrl: server.url }), {
      maxAttempts: 3,
    });
    const error = await assertRejects(() => client.chat.update({ channel: "C1", ts: "1.2" }));
    assertStringIncludes((error as Error).message, "still rate-limits it after 3 attempts");
    assertEquals(server.seen.length, 3);
  } finally {
    await server.close();
  }
});

Deno.test("withSlackRetry: against the local platform's enforced limits (postMessage 1/s per channel)", async () => {
  const platform = await startPlatform({
    port: 0,
    dataDir: ":memory:",
    quiet: true,
    rateLimits: true,
  });
  try {
    const channel = (platform.demo?.channels as { approvals: string }).approvals;
    const raw = SlackAPI(platform.botToken, { slackApiUrl: platform.webApiUrl });
    const client = withSlackRetry(raw);
    const first = await client.chat.postMessage({ channel, text: "one" });
    const second = await client.chat.postMessage({ channel, text: "two" });
    assert(first.ok && second.ok, JSON.stringify([first, second]));
    // The second message was refused once (429, Retry-After 1) and then went through.
    assertEquals(platform.rateLimits?.counts()["chat.postMessage"], { allowed: 2, limited: 1 });
    assertEquals(platform.storage.listMessages(channel).map((m) => m.text).slice(-2), [
      "one",
      "two",
    ]);
    // Without the wrapper, the SDK throws the 429 to the caller.
    const error = await assertRejects(() => raw.chat.postMessage({ channel, text: "three" }));
    assertEquals((error as { status?: number }).status, 429);
  } finally {
    await platform.close();
  }
});

Deno.test("overloadDetail says what Slack refused and when to retry", () => {
  const limited = new SlackRateLimitedError(
    "Cannot call chat.postMessage: …",
    "chat.postMessage",
    7,
  );
  assertEquals(
    overloadDetail(limited),
    "Slack rate-limited chat.postMessage for longer than this step's time budget; " +
      "retry after 7 s with a new request_id",
  );
});

Deno.test("overloadable: a call given up on ends the handler with the fallback, thrown or caught", async () => {
  const server = scriptedServer(
    Array.from({ length: 6 }, () => ({ status: 429, retryAfter: "30" })),
  );
  try {
    /** A handler like the app's: wraps its client, may catch a failed call and report it. */
    const module = async (ctx: { catchIt: boolean; recover?: boolean }) => {
      const client = withSlackRetry(SlackAPI("xoxb-test", { slackApiUrl: server.url }), {
        budgetMs: 5_000,
      });
      try {
        await client.apps.datastore.get({ datastore: "decisions", id: "x" });
        return { outputs: { done: true } };
      } catch (error) {
        if (!ctx.catchIt) throw error;
        if (ctx.recover) return { outputs: { done: false } };
        return { error: `Cannot look it up: ${(error as Error).message}` };
      }
    };
    const wrapped = overloadable(
      module,
      (error, ctx) => ({ outputs: { overloaded: error.retryAfterSeconds, ctx } }),
    );
    // The fallback's result stands in for the module's own (its type is the module's).
    assertEquals(await wrapped({ catchIt: false }) as unknown, {
      outputs: { overloaded: 30, ctx: { catchIt: false } },
    });
    assertEquals(await wrapped({ catchIt: true }) as unknown, {
      outputs: { overloaded: 30, ctx: { catchIt: true } },
    });
    // A handler that handled the refusal and succeeded keeps its own result.
    assertEquals(await wrapped({ catchIt: true, recover: true }), { outputs: { done: false } });
    // Errors that are not rate limits stay errors.
    const failing = overloadable(
      () => Promise.reject(new Error("boom")),
      () => "fallback",
    );
    await assertRejects(() => failing(), Error, "boom");
    const reporting = overloadable(() => Promise.resolve({ error: "not a limit" }), () => "x");
    assertEquals(await reporting(), { error: "not a limit" });
  } finally {
    await server.close();
  }
});
