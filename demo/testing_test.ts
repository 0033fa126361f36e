import { assertEquals, assertExists, assertMatch } from "@std/assert";
import { SlackAPI, SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { Decisions } from "../datastores/decisions.ts";
import { startTestPlatform, TEST_TOKEN, TEST_WORKSPACE } from "../local/testing.ts";

Deno.test("startTestPlatform serves the SDK client over real HTTP", async () => {
  const platform = await startTestPlatform();
  try {
    assertMatch(platform.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const { createContext } = SlackFunctionTester("probe");
    const ctx = createContext({ inputs: {}, env: { SLACK_API_URL: platform.url } });
    assertEquals(ctx.token, TEST_TOKEN);
    const client = SlackAPI(ctx.token, { slackApiUrl: platform.url });

    const auth = await client.auth.test({});
    assertEquals(auth.ok, true);
    assertEquals(auth.user_id, TEST_WORKSPACE.botUserId);

    const posted = await client.chat.postMessage({
      channel: TEST_WORKSPACE.channelId,
      text: "hello",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*hello*" } }],
    });
    assertEquals(posted.ok, true);
    const stored = platform.storage.getMessage(TEST_WORKSPACE.channelId, posted.ts);
    assertEquals(stored?.text, "hello");
    assertEquals(stored?.blocks?.length, 1);

    const put = await client.apps.datastore.put<typeof Decisions.definition>({
      datastore: Decisions.name,
      item: { id: "svc|r1", status: "pending", approvals_required: 2 },
    });
    assertEquals(put.ok, true);
    const got = await client.apps.datastore.get<typeof Decisions.definition>({
      datastore: Decisions.name,
      id: "svc|r1",
    });
    assertEquals(got.item, { id: "svc|r1", status: "pending", approvals_required: 2 });

    const members = await client.usergroups.users.list({ usergroup: TEST_WORKSPACE.usergroupId });
    assertEquals(members.users, [TEST_WORKSPACE.users.alice, TEST_WORKSPACE.users.bob]);
    assertExists(platform.storage.listCalls().find((c) => c.method === "apps.datastore.put"));
  } finally {
    await platform.close();
  }
});
