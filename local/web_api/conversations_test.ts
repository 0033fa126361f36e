import { assertEquals } from "@std/assert";
import { startTestPlatform, TEST_TOKEN, TEST_WORKSPACE } from "../testing.ts";

const W = TEST_WORKSPACE;

Deno.test("users, usergroups and conversations read the seeded directory", async () => {
  const platform = await startTestPlatform({ scopes: false });
  try {
    const call = (m: string, a: Record<string, unknown> = {}) =>
      platform.api.call(m, a, TEST_TOKEN);
    const alice = (await call("users.info", { user: W.users.alice })).user as Record<
      string,
      unknown
    >;
    assertEquals([alice.id, alice.name, alice.is_admin], [W.users.alice, "alice", true]);
    assertEquals((alice.profile as { email: string }).email, "alice@example.com");
    assertEquals(await call("users.info", { user: "U404" }), {
      ok: false,
      error: "user_not_found",
    });
    const byEmail = await call("users.lookupByEmail", { email: "BOB@example.com" });
    assertEquals((byEmail.user as { id: string }).id, W.users.bob);
    assertEquals((await call("users.lookupByEmail", { email: "x@y.z" })).error, "users_not_found");
    assertEquals((await call("users.list")).members instanceof Array, true);

    assertEquals(await call("usergroups.users.list", { usergroup: W.usergroupId }), {
      ok: true,
      users: [W.users.alice, W.users.bob],
    });
    assertEquals(await call("usergroups.users.list", { usergroup: "S404" }), {
      ok: false,
      error: "no_such_subteam",
    });
    const groups = (await call("usergroups.list", { include_users: "true" })).usergroups as {
      handle: string;
      users: string[];
    }[];
    assertEquals(groups.map((g) => [g.handle, g.users.length]), [["approvers", 2]]);

    const info = (await call("conversations.info", { channel: W.channelId })).channel as Record<
      string,
      unknown
    >;
    assertEquals([info.name, info.is_member, info.is_im], ["approvals", true, false]);
    assertEquals(await call("conversations.info", { channel: "C404" }), {
      ok: false,
      error: "channel_not_found",
    });
    const list = (await call("conversations.list")).channels as { name: string }[];
    assertEquals(list.map((c) => c.name).sort(), ["approvals", "general"]);
  } finally {
    await platform.close();
  }
});

Deno.test("conversations.open needs users that exist", async () => {
  const platform = await startTestPlatform();
  try {
    const call = (a: Record<string, unknown>) =>
      platform.api.call("conversations.open", a, TEST_TOKEN);
    assertEquals(await call({}), { ok: false, error: "users_list_not_supplied" });
    assertEquals(await call({ users: "U404" }), { ok: false, error: "user_not_found" });
    const group = await call({ users: `${W.users.alice},${W.users.bob}` });
    const again = await call({ users: [W.users.bob, W.users.alice] });
    assertEquals((group.channel as { id: string }).id, (again.channel as { id: string }).id);
  } finally {
    await platform.close();
  }
});
