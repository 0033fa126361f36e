/**
 * Slack's rate limits on the local platform, and the app under them:
 *
 * - the webhook trigger takes 10 requests a minute; the 11th gets HTTP 429 with Retry-After and
 *   starts nothing (the caller must retry; see the README's design answer for busier bots);
 * - with the Web API limits enforced (`rateLimits: true`), approval messages posted to one
 *   channel within the same second are refused with 429 (chat.postMessage ≈ 1/s per channel)
 *   and the app retries them after Retry-After: every request still gets its message.
 * - a usergroup lookup refused for longer than the handler's budget fails closed to the listed
 *   approvers instead of failing the run.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { Services } from "../datastores/services.ts";
import { startProcess } from "./_process.ts";
import { endedWithoutRecord } from "../bench/rate_limits.ts";
import { type ApiRateLimiter, createApiRateLimiter } from "../local/web_api/rate_limits.ts";
import {
  allRuns,
  demoFields,
  demoKey,
  postRaw,
  proofPlatform,
  recordOfRun,
  sign,
  webhookUrl,
} from "./_testing.ts";

/**
 * Slack's budgets, except that `answer` may answer `method` first: the seconds of a 429's
 * Retry-After, or undefined to apply Slack's budget.
 */
function limiterFor(
  method: string,
  answer: () => number | undefined,
  slack: ApiRateLimiter = createApiRateLimiter(),
): ApiRateLimiter {
  return {
    check: (m, args) => (m === method ? answer() : undefined) ?? slack.check(m, args),
    counts: slack.counts,
  };
}

/** The last run's record, once it is checked to have completed and recorded `overloaded`. */
function overloadedRecord(platform: Awaited<ReturnType<typeof proofPlatform>>) {
  const run = allRuns(platform).at(-1)!;
  assertEquals(run.status, "completed", run.error);
  const record = recordOfRun(platform, run)!;
  assertEquals([record.status, record.outcome, record.reason_code], [
    "final",
    "rejected",
    "overloaded",
  ]);
  assertEquals(endedWithoutRecord(platform), 0);
  return record;
}

/** Sends one signed request that needs a human and waits until the platform is idle. */
async function oneHumanRequest(platform: Awaited<ReturnType<typeof proofPlatform>>) {
  const body = await sign(demoFields(platform, "human"), await demoKey(platform));
  assertEquals((await postRaw(webhookUrl(platform), JSON.stringify(body))).status, 200);
  await platform.engine.idle();
  return body;
}

Deno.test("rate limits: the webhook takes 10 a minute, then 429 + Retry-After and nothing starts", async () => {
  const platform = await proofPlatform({ webhookRateLimit: 10 });
  try {
    const key = await demoKey(platform);
    const url = webhookUrl(platform);
    for (let i = 0; i < 10; i++) {
      const answer = await postRaw(
        url,
        JSON.stringify(await sign(demoFields(platform, "auto"), key)),
      );
      assertEquals(answer.status, 200);
    }
    const res = await fetch(url, {
      method: "POST",
      body: JSON.stringify(await sign(demoFields(platform, "auto"), key)),
    });
    assertEquals(res.status, 429);
    assertEquals(await res.json(), { ok: false, error: "rate_limited" });
    const retryAfter = Number(res.headers.get("retry-after"));
    assert(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
    await platform.engine.idle();
    const runs = allRuns(platform);
    assertEquals(runs.length, 10, "the refused request started nothing");
    for (const run of runs) assertEquals(recordOfRun(platform, run)?.outcome, "auto_approved");
  } finally {
    await platform.close();
  }
});

Deno.test("rate limits: an approval message refused with 429 is retried after Retry-After", async () => {
  // Slack's budgets, except that the first chat.postMessage is refused whatever the timing.
  const slack = createApiRateLimiter();
  let refused = 0;
  const limiter = limiterFor(
    "chat.postMessage",
    () => refused === 0 ? ++refused : undefined,
    slack,
  );
  const platform = await proofPlatform({ rateLimits: limiter });
  try {
    const body = await oneHumanRequest(platform);
    assertEquals(refused, 1);
    const record = platform.storage.getItem("decisions", `${body.service_id}|${body.request_id}`);
    assertEquals(record?.status, "pending");
    const message = platform.storage.getMessage(
      String(record?.message_channel),
      String(record?.message_ts),
    );
    assert(message, "the approval message was posted by the retry");
    assertEquals(slack.counts()["chat.postMessage"], { allowed: 1, limited: 0 });
  } finally {
    await platform.close();
  }
});

Deno.test("rate limits: simultaneous approval requests all get their message under Slack's limits", async () => {
  const platform = await proofPlatform({ rateLimits: true });
  try {
    const key = await demoKey(platform);
    const url = webhookUrl(platform);
    const bodies = [];
    for (let i = 0; i < 6; i++) bodies.push(await sign(demoFields(platform, "human"), key));
    // Six requests for the same approval channel at once: posts go through one a second, so the
    // last one waits about five seconds, through several refusals, and still gets through.
    const answers = await Promise.all(bodies.map((b) => postRaw(url, JSON.stringify(b))));
    assertEquals(answers.map((a) => a.status), [200, 200, 200, 200, 200, 200]);
    await platform.engine.idle();
    // Posts within the same second were refused (429) and retried; none was lost.
    const counts = platform.rateLimits!.counts()["chat.postMessage"];
    assertEquals(counts.allowed, 6);
    for (const b of bodies) {
      const record = platform.storage.getItem("decisions", `${b.service_id}|${b.request_id}`);
      assertEquals(record?.status, "pending");
      const message = platform.storage.getMessage(
        String(record?.message_channel),
        String(record?.message_ts),
      );
      assert(message, "the approval message was posted after the retry");
    }
    assertEquals(allRuns(platform).filter((r) => r.status === "failed"), []);
  } finally {
    await platform.close();
  }
});

Deno.test("rate limits: an exhausted Tier 2 lookup fails closed to the listed approvers", async () => {
  const platform = await proofPlatform({ rateLimits: true });
  try {
    const key = await demoKey(platform);
    const limiter = platform.rateLimits!;
    // Use up usergroups.users.list's 20 calls of this minute, as 10 earlier approvals would.
    while (limiter.check("usergroups.users.list", {}) === undefined) { /* use up the budget */ }
    const body = await sign(demoFields(platform, "human"), key);
    assertEquals((await postRaw(webhookUrl(platform), JSON.stringify(body))).status, 200);
    await platform.engine.idle();
    const run = allRuns(platform).at(-1)!;
    assert(run.status !== "failed", run.error);
    // The listed approvers (the demo lists both) can still decide; the message was posted.
    const record = recordOfRun(platform, run)!;
    assertEquals(record.status, "pending");
    const service = platform.storage.getItem(Services.name, body.service_id)!;
    assert((service.approver_users as string[]).length > 0);
    assertMatch(String(record.message_ts), /^\d+\.\d{6}$/);
  } finally {
    await platform.close();
  }
});

Deno.test("rate limits: deno task start --rate-limits answers the 21st Tier 2 call of a minute with 429", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign-limits-" });
  const proc = await startProcess(["--port", "0", "--data", dir, "--rate-limits"]);
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await fetch(`${proc.url}/api/usergroups.users.list`, { method: "POST" });
      await res.body?.cancel();
      statuses.push(res.status);
      if (res.status === 429) assert(Number(res.headers.get("retry-after")) >= 1);
    }
    assertEquals(statuses.filter((s) => s === 200).length, 20);
    assertEquals(statuses.at(-1), 429);
  } finally {
    proc.child.kill("SIGTERM");
    await proc.exited();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("rate limits: a run whose approval post stays refused past its budget still ends recorded, and the bot is told", async () => {
  // Slack's budgets, except that chat.postMessage asks for a minute's wait: longer than the
  // approval step's 45 s budget, so it cannot post and must not fail the run silently.
  const platform = await proofPlatform({ rateLimits: limiterFor("chat.postMessage", () => 60) });
  try {
    await oneHumanRequest(platform);
    const record = overloadedRecord(platform);
    assertMatch(String(record.reason_detail), /chat\.postMessage .* retry after 60 s/);
    assertEquals(record.callback_status, "delivered", String(record.callback_detail));
    const { callbacks } = await (await fetch(`${platform.url}/_local/callbacks`)).json() as {
      callbacks: { verified: boolean; body: Record<string, unknown> }[];
    };
    assertEquals(callbacks.map((c) => [c.verified, c.body.outcome, c.body.reason_code]), [
      [true, "rejected", "overloaded"],
    ]);
  } finally {
    await platform.close();
  }
});

Deno.test("rate limits: a verify step whose reads stay refused past its budget still ends recorded", async () => {
  // Slack's budgets, except that every apps.datastore.get asks for a minute's wait.
  const platform = await proofPlatform({ rateLimits: limiterFor("apps.datastore.get", () => 60) });
  try {
    await oneHumanRequest(platform);
    const record = overloadedRecord(platform);
    assertMatch(String(record.id), /^rejected\|/);
    assertMatch(String(record.reason_detail), /apps\.datastore\.get .* retry after 60 s/);
  } finally {
    await platform.close();
  }
});

Deno.test("rate limits: an approval copy overloaded before it wins the election ends recorded under its own id, never the request's", async () => {
  // Slack's budgets, except that once the owner election has begun (its first claim write),
  // every apps.datastore.get asks for a minute's wait, as when many requests' elections and
  // clicks have used up the minute's reads: the copy cannot learn whether it owns the request,
  // and the record step cannot read the request's record either.
  const slack = createApiRateLimiter();
  let electing = false;
  const limiter: ApiRateLimiter = {
    check(method, args) {
      if (method === "apps.datastore.put" && args.datastore === "approval_claims") electing = true;
      if (method === "apps.datastore.get" && electing) return 60;
      return slack.check(method, args);
    },
    counts: slack.counts,
  };
  const platform = await proofPlatform({ rateLimits: limiter });
  try {
    const body = await oneHumanRequest(platform);
    assert(electing, "the election began");
    const run = allRuns(platform).at(-1)!;
    assertEquals(run.status, "completed", run.error);
    assertEquals(run.step_outputs["2"]?.outcome, "overloaded_unclaimed");
    // Recorded, but under the run's own id: a twin copy that owns the request may still decide
    // it, so this copy must neither write the request's record nor call the bot back.
    const id = String(run.step_outputs["3"]?.decision_id);
    assertMatch(id, /^rejected\|/);
    const record = platform.storage.getItem("decisions", id)!;
    assertEquals([record.status, record.outcome, record.reason_code], [
      "final",
      "rejected",
      "overloaded",
    ]);
    assertEquals(record.request_id, body.request_id);
    assertMatch(String(record.reason_detail), /apps\.datastore\.get .* retry after 60 s/);
    assertEquals(
      platform.storage.getItem("decisions", `${body.service_id}|${body.request_id}`),
      undefined,
    );
    const { callbacks } = await (await fetch(`${platform.url}/_local/callbacks`)).json() as {
      callbacks: unknown[];
    };
    assertEquals(callbacks, []);
    assertEquals(endedWithoutRecord(platform), 0);
  } finally {
    await platform.close();
  }
});
