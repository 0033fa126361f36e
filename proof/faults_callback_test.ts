/**
 * Callback targets that are down, slow, or answer 5xx, through the real platform and the
 * unchanged notify_caller: delivery is retried a bounded number of times, the final status and
 * the attempts are recorded on the decision, and the workflow run completes (never stuck).
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { Services } from "../datastores/services.ts";
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

/** A callback receiver whose answer to the n-th hit (from 1) is decided by `answer`. */
function receiver(answer: (hit: number, signal: AbortSignal) => Promise<Response>) {
  let hits = 0;
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    await req.text();
    return await answer(++hits, req.signal);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/hook`,
    hits: () => hits,
    close: () => server.shutdown(),
  };
}

const ok = () => Promise.resolve(new Response("ok"));
const unavailable = () => Promise.resolve(new Response("busy", { status: 503 }));

Deno.test("faults: callback target down, slow or 5xx → bounded retries, status recorded, run done", async () => {
  const platform = await proofPlatform();
  const down = receiver(ok);
  await down.close(); // its port now refuses connections
  const failing = receiver(unavailable);
  const recovering = receiver((hit) => hit <= 2 ? unavailable() : ok());
  const slow = receiver(async (hit, signal) => {
    // The first attempt outlasts notify_caller's per-attempt limit (4 s); later ones are quick.
    if (hit === 1) {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 5000);
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
    }
    return new Response("ok");
  });
  try {
    const key = await demoKey(platform);
    const demo = platform.demo!;
    const base = platform.storage.getItem(Services.name, demo.serviceId)!;
    const targets = { down, failing, recovering, slow };
    for (const [name, target] of Object.entries(targets)) {
      platform.storage.putItem(Services.name, `cb-${name}`, {
        ...base,
        id: `cb-${name}`,
        callback_url: target.url,
      });
    }
    const sent = await Promise.all(
      Object.keys(targets).map(async (name) => {
        const fields = demoFields(platform, "auto", { service_id: `cb-${name}` });
        const answer = await postRaw(webhookUrl(platform), JSON.stringify(await sign(fields, key)));
        assertEquals(answer.status, 200);
        return [name, `cb-${name}|${fields.request_id}`] as const;
      }),
    );
    await platform.engine.idle();

    const runs = allRuns(platform);
    assertEquals(runs.filter((r) => r.status !== "completed").length, 0, "no run stuck or failed");
    const byName = Object.fromEntries(sent.map(([name, id]) => {
      const run = runs.find((r) => r.step_outputs["0"]?.decision_id === id)!;
      const record = recordOfRun(platform, run)!;
      assertEquals(record.outcome, "auto_approved", name);
      return [name, record];
    }));

    assertEquals([byName.down.callback_status, byName.down.callback_attempts], ["failed", 3]);
    assertEquals([byName.failing.callback_status, byName.failing.callback_attempts], ["failed", 3]);
    assertStringIncludes(String(byName.failing.callback_detail), "503");
    assertEquals(failing.hits(), 3, "bounded: exactly the 3 attempts, no more");
    assertEquals([byName.recovering.callback_status, byName.recovering.callback_attempts], [
      "delivered",
      3,
    ]);
    assertEquals(recovering.hits(), 3);
    assertEquals([byName.slow.callback_status, byName.slow.callback_attempts], ["delivered", 2]);
    assertEquals(slow.hits(), 2);
    for (const record of Object.values(byName)) {
      assert(!String(record.callback_detail ?? "").includes("/hook"), "no URL path in the detail");
    }
  } finally {
    await platform.close();
    await Promise.all([failing.close(), recovering.close(), slow.close()]);
  }
});
