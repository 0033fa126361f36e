import { assertEquals } from "@std/assert";
import { describeRule } from "./overview.ts";
import { routingSummary } from "./policy_routing.ts";

Deno.test("the overview shows a rule's sign-off and channel as mentions", () => {
  const rule = {
    id: "prod",
    position: 10,
    name: "Prod",
    effect: "require_approval",
    approvals_required: 2,
    approver_groups: "S0SRE:1, S0SEC:1",
    approval_channel: "C0PROD0001",
  };
  assertEquals(
    routingSummary(rule),
    " (sign-off: 1 from <!subteam^S0SRE> and 1 from <!subteam^S0SEC>, in <#C0PROD0001>)",
  );
  assertEquals(
    describeRule(rule, 1).includes("require 2 approval(s) (sign-off: 1 from <!subteam^S0SRE>"),
    true,
  );
  assertEquals(routingSummary({ id: "x", effect: "require_approval" }), "");
});
