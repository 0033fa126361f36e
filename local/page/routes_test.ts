/** The page's endpoints and static files on a running platform. */
import { assertEquals, assertExists, assertStringIncludes } from "@std/assert";
import { CHANNEL, fire, getJson, postRaw, startFixture, statusWithHost } from "../_testing.ts";

Deno.test("the page, its state and the SSE stream are served; other hosts are refused", async () => {
  const platform = await startFixture();
  try {
    const page = await fetch(`${platform.url}/`);
    assertEquals(page.headers.get("content-type"), "text/html; charset=utf-8");
    assertStringIncludes(await page.text(), "<!doctype html>");
    const missing = await fetch(`${platform.url}/..%2Fserver.ts`);
    assertEquals(missing.status, 404);
    await missing.body?.cancel();
    const state = await getJson(`${platform.url}/_local/state`);
    assertEquals((state.triggers as unknown[]).length, 3);
    assertExists(state.bot_user_id);

    const events = await fetch(`${platform.url}/_local/events`);
    const reader = events.body!.getReader();
    await reader.read(); // ": connected"
    await fire(platform, "Echo webhook", {
      channel: CHANNEL,
      text: "x",
      url: "http://blocked.invalid",
    });
    let text = "";
    // A message event follows its Web API call's commit, so it may come after run events.
    while (!text.includes("event: run") || !text.includes("event: message")) {
      text += new TextDecoder().decode((await reader.read()).value);
    }
    assertStringIncludes(text, "event: message");
    await reader.cancel();

    // fetch keeps its own Host header, so speak HTTP/1.1 directly, as a DNS-rebinding page would.
    assertStringIncludes(
      await statusWithHost(platform.url, "/_local/state", "evil.example"),
      "HTTP/1.1 403",
    );
    const form = await postRaw(`${platform.url}/_local/actions`, "user=x", "text/plain");
    assertEquals(form.status, 415);
  } finally {
    await platform.close();
  }
});

Deno.test("close does not wait for an open page's event stream", async () => {
  const platform = await startFixture();
  const events = await fetch(`${platform.url}/_local/events`);
  const reader = events.body!.getReader();
  await reader.read(); // ": connected"
  await platform.close();
  // The stream was ended by the platform, not by this reader.
  assertEquals((await reader.read()).done, true);
});
