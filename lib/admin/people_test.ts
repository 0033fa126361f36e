import { assertEquals, assertStringIncludes } from "@std/assert";
import type { MembersLookup } from "./authorize.ts";
import {
  approversProblem,
  escalationProblem,
  type PeopleLookups,
  type UserLookup,
} from "./people.ts";
import type { ServiceItem } from "./service_item.ts";

/** Lookups answered from tables, recording what was asked. */
function lookups(
  groups: Record<string, MembersLookup>,
  users: Record<string, UserLookup> = {},
): PeopleLookups & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    members: (group) => {
      asked.push(group);
      return Promise.resolve(groups[group] ?? { ok: false, error: "no_such_subteam" });
    },
    user: (id) => {
      asked.push(id);
      return Promise.resolve(users[id] ?? { ok: true, deleted: false, is_bot: false });
    },
  };
}

const BOT: ServiceItem = { id: "ci", owner: "U0OWNER", approver_users: ["U0A"] };

Deno.test("approvers: an unknown usergroup is named with Slack's answer", async () => {
  const why = await approversProblem({ ...BOT, approver_usergroup: "S0NOPE" }, lookups({}));
  assertEquals(
    why,
    'approver usergroup "S0NOPE" cannot be used: Slack answered "no_such_subteam" ' +
      "(no such usergroup in this workspace)",
  );
});

Deno.test("approvers: more approvals than distinct people, then the people themselves", async () => {
  const few = await approversProblem(
    { ...BOT, approver_usergroup: "S0G", approvals_required: 3 },
    lookups({ S0G: { ok: true, users: ["U0A", "U0B"] } }),
  );
  assertStringIncludes(few!, "approvals required (3) is larger than the 2 distinct approvers");
  const bot = await approversProblem(
    BOT,
    lookups({}, { U0A: { ok: true, deleted: false, is_bot: true } }),
  );
  assertEquals(bot, 'approver "U0A" cannot be used: it is a bot, not a person');
  const gone = await approversProblem(
    BOT,
    lookups({}, { U0OWNER: { ok: true, deleted: true, is_bot: false } }),
  );
  assertEquals(gone, 'owner "U0OWNER" cannot be used: the account is deactivated');
  const failed = await approversProblem(
    BOT,
    lookups({}, { U0A: { ok: false, error: "timeout", failed: true } }),
  );
  assertEquals(failed, 'approver "U0A" cannot be used: users.info failed: timeout');
  const refused = await approversProblem(
    BOT,
    lookups({}, { U0A: { ok: false, error: "user_not_found" } }),
  );
  assertEquals(refused, 'approver "U0A" cannot be used: Slack answered "user_not_found"');
  assertEquals(await approversProblem(BOT, lookups({})), undefined);
});

Deno.test("escalation: another group, with members", async () => {
  const same = await escalationProblem(
    { ...BOT, approver_usergroup: "S0G", escalation_usergroup: "S0G" },
    lookups({}),
  );
  assertStringIncludes(same!, "is the approver usergroup");
  const empty = lookups({ S0E: { ok: true, users: [] } });
  assertEquals(
    await escalationProblem({ ...BOT, escalation_usergroup: "S0E" }, empty),
    'escalation usergroup "S0E" has no members to escalate to',
  );
  assertEquals(empty.asked, ["S0E"]);
  assertEquals(await escalationProblem(BOT, lookups({})), undefined);
});
