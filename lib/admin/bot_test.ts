import { assertEquals, assertStringIncludes } from "@std/assert";
import {
  applySettings,
  checkApprovers,
  checkNewKeyId,
  parseClear,
  rotateKeys,
  type ServiceItem,
} from "./bot.ts";
import { splitList } from "./fields.ts";

const ctx = { extraDomains: ["127.0.0.1"] };

Deno.test("splitList splits on commas and new lines, trims, drops blanks and repeats", () => {
  assertEquals(splitList(" a, b\nc\r\n,a,, "), ["a", "b", "c"]);
  assertEquals(splitList(""), []);
});

Deno.test("registration needs the working settings and fills defaults", () => {
  const base = { id: "b" };
  assertEquals(applySettings(base, {}, ctx, true), {
    ok: false,
    error: "display name is required",
  });
  const built = applySettings(
    base,
    {
      display_name: " Bot ",
      owner: "U0OWNER",
      allowed_actions: "*",
      allowed_resources: "*",
      allowed_environments: "*",
      approval_channel: "C0CHAN",
      callback_url: "http://127.0.0.1:3000/cb",
    },
    ctx,
    true,
  );
  assertEquals(built.ok && built.item, {
    id: "b",
    display_name: "Bot",
    kind: "bot",
    owner: "U0OWNER",
    allowed_actions: ["*"],
    allowed_resources: ["*"],
    allowed_environments: ["*"],
    approvals_required: 1,
    approval_channel: "C0CHAN",
    callback_url: "http://127.0.0.1:3000/cb",
  });
});

Deno.test("an edit keeps blank settings and does not mutate its input", () => {
  const before: ServiceItem = { id: "b", allowed_actions: ["x"], approvals_required: 2 };
  const built = applySettings(before, { allowed_actions: "", approvals_required: 1 }, ctx, false);
  assertEquals(built.ok && built.item, { id: "b", allowed_actions: ["x"], approvals_required: 1 });
  assertEquals(before.approvals_required, 2);
});

Deno.test("approver checks count distinct people across users and the group", () => {
  assertEquals(
    checkApprovers({ id: "b", approver_users: ["U1", "U2"], approvals_required: 2 }, ["U2"]),
    undefined,
  );
  assertStringIncludes(
    checkApprovers({ id: "b", approver_users: ["U1", "U2"], approvals_required: 3 }, ["U2"])!,
    "approvals required (3) is larger than the 2 distinct approvers",
  );
  assertStringIncludes(checkApprovers({ id: "b" }, [])!, "no approvers");
});

Deno.test("rotation ends old keys at now + overlap, keeps earlier ends, drops ended keys", () => {
  const item: ServiceItem = {
    id: "b",
    public_keys: [
      { key_id: "k0", public_key: "A", not_after: 500 },
      { key_id: "k1", public_key: "B", not_after: 1200 },
      { key_id: "k2", public_key: "C", not_after: 0 },
    ],
  };
  assertEquals(rotateKeys(item, "k3", "D", 1000, 1000).public_keys, [
    { key_id: "k1", public_key: "B", not_after: 1200 },
    { key_id: "k2", public_key: "C", not_after: 2000 },
    { key_id: "k3", public_key: "D", not_after: 0 },
  ]);
  assertStringIncludes(checkNewKeyId(item, "k1")!, "already used");
  assertStringIncludes(checkNewKeyId(item, "k|9")!, "must be 1–64");
});

Deno.test("parseClear accepts only optional settings", () => {
  assertEquals(parseClear("callback_url, watcher_channel"), {
    ok: true,
    fields: ["callback_url", "watcher_channel"],
  });
  assertEquals(parseClear(undefined), { ok: true, fields: [] });
  assertEquals(parseClear("status").ok, false);
});

Deno.test("group ids typed into a form are trimmed, and a malformed one is refused by name", () => {
  const typed = applySettings(
    { id: "b" },
    {
      approver_usergroup: "  S0APPROVERS\n",
      escalation_usergroup: " S0LEADS ",
    },
    ctx,
    false,
  );
  assertEquals(
    typed.ok && [typed.item.approver_usergroup, typed.item.escalation_usergroup],
    ["S0APPROVERS", "S0LEADS"],
  );
  for (
    const [field, label] of [
      ["approver_usergroup", "approver usergroup"],
      ["escalation_usergroup", "escalation usergroup"],
    ] as const
  ) {
    for (const bad of ["@approvers", "s0approvers", "U0ALICE0001"]) {
      const refused = applySettings({ id: "b" }, { [field]: bad }, ctx, false);
      assertEquals(refused.ok, false);
      assertStringIncludes(
        !refused.ok ? refused.error : "",
        `${label} "${bad}" is not a Slack usergroup id`,
      );
    }
  }
});

Deno.test("the break-glass switch: allowed, not_allowed, blank keeps it, anything else is refused", async () => {
  const { applySettings } = await import("./bot.ts");
  const ctx = { extraDomains: [] };
  const on = applySettings({ id: "b" }, { break_glass: "allowed" }, ctx, false);
  assertEquals(on.ok && on.item.break_glass, true);
  const kept = applySettings({ id: "b", break_glass: true }, { break_glass: " " }, ctx, false);
  assertEquals(kept.ok && kept.item.break_glass, true);
  const off = applySettings(
    { id: "b", break_glass: true },
    { break_glass: "not_allowed" },
    ctx,
    false,
  );
  assertEquals(off.ok && off.item.break_glass, false);
  const bad = applySettings({ id: "b" }, { break_glass: "yes" }, ctx, false);
  assertEquals(bad.ok ? "" : bad.error, 'break-glass "yes" is not "allowed" or "not_allowed"');
});
