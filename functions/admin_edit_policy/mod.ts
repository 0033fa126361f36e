import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminEditPolicyFunction } from "./definition.ts";
import { changedNames, diffItems } from "../../lib/admin/diff.ts";
import { checkInteger } from "../../lib/admin/fields.ts";
import { applyPolicyInput, placeRule, type PolicyItem } from "../../lib/admin/policy.ts";
import {
  type AdminAttempt,
  failure,
  finish,
  invalid,
  readPolicies,
  writePolicies,
} from "../_shared/admin.ts";
import { quote } from "../../lib/contract/text.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { openAdminAttempt } from "../_shared/admin_attempt.ts";

/** Applies the given settings (and a new place, if given) to a rule; records the diff. */
export default SlackFunction(AdminEditPolicyFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const id = (inputs.policy_id ?? "").trim();
  const attempt: AdminAttempt = {
    client,
    env,
    actor: inputs.actor,
    action: "edit_policy",
    label: id ? `edit policy rule ${quote(id)}` : "edit policy rule",
    targetType: "policy",
    targetId: id,
  };
  const opened = await openAdminAttempt(attempt, "rule id");
  if (!opened.ok) return opened.done;

  let rules: PolicyItem[];
  try {
    rules = await readPolicies(client);
  } catch (error) {
    return failure(attempt.label, "reading the policies datastore", error);
  }
  const before = rules.find((rule) => rule.id === id);
  if (!before) return await invalid(attempt, "no rule has this id");
  const built = applyPolicyInput(before, inputs, false);
  if (!built.ok) return await invalid(attempt, built.error);
  if (inputs.position !== undefined) {
    const problem = checkInteger("place in order", inputs.position, 1, rules.length);
    if (problem) return await invalid(attempt, problem);
  }
  const edited: PolicyItem = built.item;
  const others = rules.filter((rule) => rule.id !== id);
  const changed = inputs.position !== undefined
    ? placeRule([...others, edited], id, inputs.position)
    : [];
  const after = changed.find((rule) => rule.id === id) ?? edited;
  const changes = diffItems(
    before as unknown as Record<string, unknown>,
    after as unknown as Record<string, unknown>,
  );
  if (changes.length === 0 && changed.length === 0) {
    return await invalid(attempt, "nothing to change: every given setting equals the current one");
  }
  const item: PolicyItem = { ...after, updated_by: inputs.actor, updated_at: Date.now() };
  try {
    await writePolicies(client, [...changed.filter((rule) => rule.id !== id), item]);
  } catch (error) {
    return failure(attempt.label, "writing the policies datastore", error);
  }
  const moved = changed.filter((rule) => rule.id !== id).length;
  return await finish(attempt, {
    result: "applied",
    detail: `Edited rule ${quote(id)}: changed ${changedNames(changes)}` +
      (moved > 0 ? `; renumbered ${moved} other rule(s)` : ""),
    before: before as unknown as Record<string, unknown>,
    after: item as unknown as Record<string, unknown>,
  });
});
