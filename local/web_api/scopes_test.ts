import { assertEquals } from "@std/assert";
import { startTestPlatform, TEST_TOKEN, TEST_WORKSPACE } from "../testing.ts";
import { METHODS } from "./methods.ts";
import { checkScopes, METHOD_SCOPES } from "./scopes.ts";

const W = TEST_WORKSPACE;

async function post(url: string, method: string, args: Record<string, string>) {
  const response = await fetch(`${url}${method}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_TOKEN}` },
    body: new URLSearchParams(args),
  });
  return { status: response.status, body: await response.json() };
}

Deno.test("every method the platform serves says which bot scopes it needs", () => {
  assertEquals(Object.keys(METHOD_SCOPES).sort(), Object.keys(METHODS).sort());
  checkScopes("auth.test", []); // "No scope required"
  checkScopes("conversations.open", ["im:write"]); // any one of the listed scopes
});

Deno.test("a method whose scope the manifest lacks answers missing_scope with needed and provided", async () => {
  const platform = await startTestPlatform({ scopes: ["chat:write", "datastore:read"] });
  try {
    const refused = await post(platform.url, "users.info", { user: W.users.alice });
    assertEquals(refused, {
      status: 200,
      body: {
        ok: false,
        error: "missing_scope",
        needed: "users:read",
        provided: "chat:write,datastore:read",
      },
    });
    const write = await post(platform.url, "apps.datastore.put", {
      datastore: "decisions",
      item: JSON.stringify({ id: "a" }),
    });
    assertEquals([write.body.error, write.body.needed], ["missing_scope", "datastore:write"]);
    assertEquals(platform.storage.getItem("decisions", "a"), undefined, "nothing was written");
    const open = await platform.api.call("conversations.open", { users: W.users.bob }, TEST_TOKEN);
    assertEquals(open.needed, "channels:manage,groups:write,im:write,mpim:write");
    // Methods without a scope, and those the scopes cover, answer as before.
    assertEquals((await post(platform.url, "auth.test", {})).body.ok, true);
    const posted = await post(platform.url, "chat.postMessage", {
      channel: W.channelId,
      text: "hi",
    });
    assertEquals(posted.body.ok, true);
    // The refusal is logged like any other failed call.
    const logged = platform.storage.listCalls().filter((c) => c.method === "users.info");
    assertEquals(logged.map((c) => [c.ok, c.error]), [[false, "missing_scope"]]);
  } finally {
    await platform.close();
  }
});

Deno.test("users.* answers carry no email without users:read.email", async () => {
  const without = await startTestPlatform({ scopes: ["users:read"] });
  const withEmail = await startTestPlatform({ scopes: ["users:read", "users:read.email"] });
  try {
    const profile = async (p: typeof without) =>
      ((await p.api.call("users.info", { user: W.users.alice }, TEST_TOKEN)).user as {
        profile: Record<string, unknown>;
      }).profile;
    assertEquals((await profile(without)).email, undefined);
    assertEquals((await profile(withEmail)).email, "alice@example.com");
    const list = await without.api.call("users.list", {}, TEST_TOKEN);
    const members = list.members as { profile: Record<string, unknown> }[];
    assertEquals(members.filter((m) => "email" in m.profile), []);
    const lookup = await without.api.call(
      "users.lookupByEmail",
      { email: "alice@example.com" },
      TEST_TOKEN,
    );
    assertEquals([lookup.error, lookup.needed], ["missing_scope", "users:read.email"]);
  } finally {
    await without.close();
    await withEmail.close();
  }
});

Deno.test("the test platform gates by the app's own manifest by default", async () => {
  const platform = await startTestPlatform();
  try {
    // Countersign's manifest asks for users:read.email (the self-approval guard) but not for
    // channels:read or triggers:write.
    const alice = await platform.api.call("users.info", { user: W.users.alice }, TEST_TOKEN);
    assertEquals(
      (alice.user as { profile: { email?: string } }).profile.email,
      "alice@example.com",
    );
    const info = await platform.api.call(
      "conversations.info",
      { channel: W.channelId },
      TEST_TOKEN,
    );
    assertEquals(info.error, "missing_scope");
    const trigger = await platform.api.call("workflows.triggers.list", {}, TEST_TOKEN);
    assertEquals([trigger.error, trigger.needed], ["missing_scope", "triggers:read"]);
  } finally {
    await platform.close();
  }
});
