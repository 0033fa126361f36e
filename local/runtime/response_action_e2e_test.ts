/**
 * The answers a `view_submission` handler may give, applied as Slack applies them: `errors`
 * keeps the modal open (and only names input blocks of the view), `update` replaces the view,
 * `push` stacks a view (at most three), `clear` closes the whole stack, and a view Slack would
 * refuse (a title over 24 characters, an unknown action) leaves the modal as it was.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { BOB, CHANNEL, click, fire, getJson, postJson, startFixture } from "../_testing.ts";
import type { Platform } from "../server.ts";

type View = { id: string; previous_view_id?: string; view: { title: { text: string } } };

async function openViews(platform: Platform): Promise<View[]> {
  return (await getJson(`${platform.url}/_local/views?as=${BOB}`)).views as View[];
}

function submit(platform: Platform, viewId: string, reason: string) {
  return postJson(`${platform.url}/_local/views/submit`, {
    user: BOB,
    view_id: viewId,
    values: { reason: { reason_input: { type: "plain_text_input", value: reason } } },
  });
}

async function withDenyModal(fn: (platform: Platform, viewId: string) => Promise<void>) {
  const platform = await startFixture();
  try {
    await fire(platform, "Fixture webhook", { id: "r1", n: 3, channel: CHANNEL });
    await click(platform, BOB, "deny");
    const [view] = await openViews(platform);
    await fn(platform, view.id);
  } finally {
    await platform.close();
  }
}

Deno.test("update replaces the submitted view in place; the run keeps waiting", () =>
  withDenyModal(async (platform, viewId) => {
    assertEquals((await submit(platform, viewId, "!update")).json.ok, true);
    const views = await openViews(platform);
    assertEquals(views.map((v) => [v.id, v.view.title.text]), [[viewId, "Deny (updated)"]]);
    // The updated view is still the function's: its submission reaches the same handler.
    assertEquals((await submit(platform, viewId, "   ")).json.errors, {
      reason: "A reason is required",
    });
  }));

Deno.test("push stacks views up to three; clear closes the whole stack", () =>
  withDenyModal(async (platform, viewId) => {
    assertEquals((await submit(platform, viewId, "!push")).json.ok, true);
    let views = await openViews(platform);
    assertEquals(views.length, 2);
    assertEquals(views[1].previous_view_id, viewId);
    assertEquals((await submit(platform, views[1].id, "!push")).json.ok, true);
    views = await openViews(platform);
    const third = await submit(platform, views[2].id, "!push");
    assertEquals(third.json.ok, false);
    assertStringIncludes(String(third.json.error), "at most 3 views");
    assertEquals((await openViews(platform)).length, 3);
    assertEquals((await submit(platform, views[2].id, "!clear")).json.ok, true);
    assertEquals(await openViews(platform), []);
  }));

Deno.test("answers Slack would refuse leave the modal open and unchanged", () =>
  withDenyModal(async (platform, viewId) => {
    const cases: [string, string][] = [
      ["!errors-elsewhere", 'errors names "nowhere", no input block'],
      ["!long-title", "must be at most 24 characters [json-pointer:/view/title/text]"],
      ["!unknown", 'unknown response_action "explode"'],
    ];
    for (const [reason, message] of cases) {
      const res = await submit(platform, viewId, reason);
      assertEquals(res.json.ok, false, reason);
      assertStringIncludes(String(res.json.error), message);
      const views = await openViews(platform);
      assertEquals(views.map((v) => [v.id, v.view.title.text]), [[viewId, "Deny"]]);
    }
  }));
