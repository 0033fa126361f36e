import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminAddPolicyFunction } from "./definition.ts";
import { applyPolicyInput, checkPolicyId } from "../../lib/admin/policy.ts";
import { type AdminAttempt, checkAdmin, invalid } from "../_shared/admin.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { addRule } from "./_add.ts";

/**
 * Validates the rule, gives it an id and a place, renumbers the order, records the rule (a
 * Workflow Builder step; the link trigger's form is `admin_add_policy_form`).
 */
export default SlackFunction(AdminAddPolicyFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const given = (inputs.policy_id ?? "").trim();
  const attempt: AdminAttempt = {
    client,
    env,
    actor: inputs.actor,
    action: "add_policy",
    label: "add policy rule",
    targetType: "policy",
    targetId: given,
  };
  const admin = await checkAdmin(attempt);
  if (!admin.ok) return admin.done;
  if (given) {
    const problem = checkPolicyId(given);
    if (problem) return await invalid(attempt, problem);
  }
  const built = applyPolicyInput({ id: given }, inputs, true);
  if (!built.ok) return await invalid(attempt, built.error);
  const done = await addRule(attempt, built.item, given, inputs.position);
  return "errors" in done ? await invalid(attempt, Object.values(done.errors)[0]) : done;
});
