import { assertEquals, assertStringIncludes } from "@std/assert";
import type { DecisionRecord } from "../../lib/decision/mod.ts";
import { DEFAULT_SHARES, elapsedShare, planSweep, readShares } from "./plan.ts";
import { escalationText, reminderText } from "./messages.ts";

const PENDING: DecisionRecord = {
  id: "bot|r1",
  status: "pending",
  approval_execution_id: "Fx1",
  requested_at: 1_000,
  expires_at: 11_000,
};
const SERVICE = { approver_usergroup: "S0APPROVERS", escalation_usergroup: "S0ESCALATE" };
const at = (share: number) => 1_000 + share * 10_000;

Deno.test("nothing before the reminder share; a reminder after it, once", () => {
  assertEquals(planSweep(PENDING, SERVICE, at(0.49), DEFAULT_SHARES), {
    expire: false,
    remind: false,
  });
  assertEquals(planSweep(PENDING, SERVICE, at(0.5), DEFAULT_SHARES), {
    expire: false,
    remind: true,
  });
  const reminded = { ...PENDING, reminded_at: at(0.5) };
  assertEquals(planSweep(reminded, SERVICE, at(0.6), DEFAULT_SHARES).remind, false);
});

Deno.test("escalation after its share, once, only to a distinct secondary group", () => {
  const reminded = { ...PENDING, reminded_at: at(0.5) };
  assertEquals(planSweep(reminded, SERVICE, at(0.8), DEFAULT_SHARES), {
    expire: false,
    remind: false,
    escalate_to: "S0ESCALATE",
  });
  // Both thresholds passed in one sweep: one message that reminds and escalates.
  assertEquals(planSweep(PENDING, SERVICE, at(0.8), DEFAULT_SHARES), {
    expire: false,
    remind: true,
    escalate_to: "S0ESCALATE",
  });
  const escalated = { ...reminded, escalated_at: at(0.8), escalated_to: "S0ESCALATE" };
  assertEquals(planSweep(escalated, SERVICE, at(0.9), DEFAULT_SHARES).escalate_to, undefined);
  assertEquals(planSweep(reminded, {}, at(0.9), DEFAULT_SHARES).escalate_to, undefined);
  const same = { approver_usergroup: "S0X", escalation_usergroup: "S0X" };
  assertEquals(planSweep(reminded, same, at(0.9), DEFAULT_SHARES).escalate_to, undefined);
});

Deno.test("past the limit the only action is expiry; decided or foreign records are left alone", () => {
  assertEquals(planSweep(PENDING, SERVICE, 11_001, DEFAULT_SHARES), {
    expire: true,
    remind: false,
  });
  assertEquals(planSweep(PENDING, SERVICE, 11_000, DEFAULT_SHARES).expire, false);
  const none = { expire: false, remind: false };
  assertEquals(planSweep({ ...PENDING, status: "final" }, SERVICE, 20_000, DEFAULT_SHARES), none);
  assertEquals(
    planSweep({ ...PENDING, outcome: "approved" }, SERVICE, 20_000, DEFAULT_SHARES),
    none,
  );
  assertEquals(
    planSweep({ ...PENDING, approval_execution_id: undefined }, SERVICE, 20_000, DEFAULT_SHARES),
    none,
  );
  assertEquals(
    planSweep({ ...PENDING, requested_at: undefined }, SERVICE, at(0.9), DEFAULT_SHARES),
    none,
  );
  assertEquals(elapsedShare({ ...PENDING, expires_at: 500 }, 700), undefined);
});

Deno.test("shares come from inputs, then env, then defaults; bad values are named and ignored", () => {
  assertEquals(readShares({}, {}), { shares: DEFAULT_SHARES, warnings: [] });
  assertEquals(
    readShares({}, { COUNTERSIGN_REMINDER_SHARE: "0.25", COUNTERSIGN_ESCALATION_SHARE: "0.9" })
      .shares,
    { reminder: 0.25, escalation: 0.9 },
  );
  assertEquals(
    readShares({ reminder_share: 0.1 }, { COUNTERSIGN_REMINDER_SHARE: "0.25" }).shares.reminder,
    0.1,
  );
  const bad = readShares({ escalation_share: 1.5 }, { COUNTERSIGN_REMINDER_SHARE: "half" });
  assertEquals(bad.shares, DEFAULT_SHARES);
  assertEquals(bad.warnings.length, 2);
  assertStringIncludes(bad.warnings.join("\n"), 'COUNTERSIGN_REMINDER_SHARE "half"');
  assertStringIncludes(bad.warnings.join("\n"), 'share input "1.5"');
});

Deno.test("reminder and escalation texts mention who is asked and escape caller text", () => {
  const record = { ...PENDING, service_name: "<!channel> bot", action: "deploy" };
  const reminder = reminderText(record, { users: ["U0DAVE00001"], usergroup: "S0APPROVERS" });
  assertStringIncludes(reminder, "<@U0DAVE00001> <!subteam^S0APPROVERS>");
  assertStringIncludes(reminder, "still waiting for a decision");
  assertEquals(reminder.includes("<!channel>"), false);
  const escalation = escalationText(record, "S0ESCALATE", { users: [] });
  assertStringIncludes(escalation, "Escalated to <!subteam^S0ESCALATE>");
  assertStringIncludes(escalation, "may now approve or deny");
});
