import { assertEquals, assertStringIncludes } from "@std/assert";
import { reviewRefusal } from "./authorize.ts";

const bot = {
  approver_users: ["U0APPR1"],
  approver_usergroup: "S0APPR",
  escalation_usergroup: "S0ESC",
};
const groups: Record<string, string[]> = {
  S0APPR: ["U0GROUP"],
  S0ESC: ["U0ESC"],
  S0ADM: ["U0ADMG"],
};
const members = (group: string) =>
  Promise.resolve(
    group === "S0DOWN"
      ? { ok: false as const, error: "missing_scope" }
      : { ok: true as const, users: groups[group] ?? [] },
  );
const admins = { users: ["U0ADMIN"], usergroup: "S0ADM" };

Deno.test("approvers, group members, escalation members and admins may acknowledge", async () => {
  for (const actor of ["U0APPR1", "U0GROUP", "U0ESC", "U0ADMIN", "U0ADMG"]) {
    assertEquals(await reviewRefusal(actor, bot, "U0ENG", admins, members), undefined, actor);
  }
});

Deno.test("the trigger, strangers and nobody are refused with a specific reason", async () => {
  assertStringIncludes(
    (await reviewRefusal("U0APPR1", bot, "U0APPR1", admins, members))!,
    'user "U0APPR1" triggered the request',
  );
  assertStringIncludes(
    (await reviewRefusal("U0EVE", bot, "U0ENG", admins, members))!,
    "neither an approver of the bot nor an app admin",
  );
  assertStringIncludes(
    (await reviewRefusal(undefined, bot, "", admins, members))!,
    "no acting user",
  );
  // An unreadable group never lets anyone in.
  const down = { ...bot, approver_usergroup: "S0DOWN" };
  assertStringIncludes(
    (await reviewRefusal("U0GROUP", down, "", { users: [] }, members))!,
    "neither an approver",
  );
});
