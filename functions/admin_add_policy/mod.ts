import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminAddPolicyFunction } from "./definition.ts";
import { checkInteger } from "../../lib/admin/fields.ts";
import {
  applyPolicyInput,
  checkPolicyId,
  placeRule,
  policyIdFor,
  type PolicyItem,
} from "../../lib/admin/policy.ts";
import {
  type AdminAttempt,
  checkAdmin,
  failure,
  finish,
  invalid,
  readPolicies,
  writePolicies,
} from "../_shared/admin.ts";
import { quote } from "../../lib/contract/text.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";

/** Validates the rule, gives it an id and a place, renumbers the order, records the rule. */
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

  let rules: PolicyItem[];
  try {
    rules = await readPolicies(client);
  } catch (error) {
    return failure(attempt.label, "reading the policies datastore", error);
  }
  const taken = new Set(rules.map((rule) => rule.id));
  if (given && taken.has(given)) {
    return await invalid(attempt, `rule id ${quote(given)} is taken (use Edit to change it)`);
  }
  const id = given || policyIdFor(built.item.name ?? "", taken);
  attempt.targetId = id;
  const place = inputs.position ?? rules.length + 1;
  const placeProblem = checkInteger("place in order", place, 1, rules.length + 1);
  if (placeProblem) return await invalid(attempt, placeProblem);

  const now = Date.now();
  const item: PolicyItem = { ...built.item, id, updated_by: inputs.actor, updated_at: now };
  const changed = placeRule([...rules, item], id, place);
  const added = changed.find((rule) => rule.id === id) ?? item;
  try {
    // The new rule last: until it is written, the others' renumbering changes no decision.
    await writePolicies(client, [...changed.filter((rule) => rule.id !== id), added]);
  } catch (error) {
    return failure(attempt.label, "writing the policies datastore", error);
  }
  const moved = changed.length - 1;
  return await finish(attempt, {
    result: "applied",
    detail: `Added rule ${quote(id)} (${quote(added.name ?? "")}) at place ${place} of ` +
      `${rules.length + 1}: ${added.effect}` +
      (moved > 0 ? `; renumbered ${moved} other rule(s)` : ""),
    after: added as unknown as Record<string, unknown>,
  });
});
