import { assertEquals, assertStringIncludes } from "@std/assert";
import { authorizeAdmin, type MembersLookup } from "./authorize.ts";
import { adminConfig } from "./config.ts";

const groups: Record<string, string[]> = { S0ADMINS: ["U0GROUP"] };
const lookups: string[] = [];
const members = (id: string): Promise<MembersLookup> => {
  lookups.push(id);
  return Promise.resolve(
    groups[id] ? { ok: true, users: groups[id] } : { ok: false, error: "no_such_subteam" },
  );
};

Deno.test("adminConfig reads comma/space lists, ignores blanks and repeats", () => {
  assertEquals(adminConfig({ COUNTERSIGN_ADMIN_USERS: " U1, U2 U1,," }), { users: ["U1", "U2"] });
  assertEquals(adminConfig({ COUNTERSIGN_ADMIN_USERGROUP: " S1 " }), {
    users: [],
    usergroup: "S1",
  });
  assertEquals(adminConfig({}), { users: [] });
});

Deno.test("listed users pass without a usergroup lookup; members of the group pass", async () => {
  lookups.length = 0;
  const config = { users: ["U1"], usergroup: "S0ADMINS" };
  assertEquals(await authorizeAdmin("x", "U1", config, members), { ok: true, via: "user_list" });
  assertEquals(lookups, []);
  assertEquals(await authorizeAdmin("x", "U0GROUP", config, members), {
    ok: true,
    via: "usergroup",
  });
});

Deno.test("refusals fail closed with a specific message", async () => {
  const refuse = async (
    actor: string | undefined,
    config: { users: string[]; usergroup?: string },
  ) => {
    const result = await authorizeAdmin("rotate key", actor, config, members);
    return result.ok ? "allowed" : result.reason;
  };
  assertStringIncludes(await refuse(undefined, { users: ["U1"] }), "no acting user");
  assertStringIncludes(await refuse("U1", { users: [] }), "no Countersign admins are configured");
  assertStringIncludes(
    await refuse("U2", { users: ["U1"] }),
    'Cannot rotate key: user "U2" is not a Countersign admin',
  );
  assertStringIncludes(
    await refuse("U2", { users: [], usergroup: "S0GONE" }),
    '"S0GONE" cannot be read (no_such_subteam)',
  );
  assertStringIncludes(
    await refuse("U3", { users: [], usergroup: "S0ADMINS" }),
    'or are members of usergroup "S0ADMINS"',
  );
});
