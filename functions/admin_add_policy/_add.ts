/**
 * Adding a checked rule, shared by the Workflow Builder step (`admin_add_policy`) and the form
 * (`admin_add_policy_form`): its id (given or made from the name), its place, the renumbering,
 * the write and the admin event.
 *
 * @module
 */
import { checkInteger } from "../../lib/admin/fields.ts";
import { placeRule, policyIdFor, type PolicyItem } from "../../lib/admin/policy.ts";
import {
  type AdminAttempt,
  type AdminReturn,
  failure,
  finish,
  readPolicies,
  writePolicies,
} from "../_shared/admin.ts";
import { quote } from "../../lib/contract/text.ts";

/**
 * Adds `built` (checked) as rule `given` (or an id made from its name) at 1-based `position`
 * (default last). A taken id or an impossible place comes back as a problem of its field.
 */
export async function addRule(
  attempt: AdminAttempt,
  built: PolicyItem,
  given: string,
  position: number | undefined,
): Promise<AdminReturn | { errors: Record<string, string> }> {
  let rules: PolicyItem[];
  try {
    rules = await readPolicies(attempt.client);
  } catch (error) {
    return failure(attempt.label, "reading the policies datastore", error);
  }
  const taken = new Set(rules.map((rule) => rule.id));
  if (given && taken.has(given)) {
    return { errors: { policy_id: `rule id ${quote(given)} is taken (use Edit to change it)` } };
  }
  const id = given || policyIdFor(built.name ?? "", taken);
  attempt.targetId = id;
  const place = position ?? rules.length + 1;
  const placeProblem = checkInteger("place in order", place, 1, rules.length + 1);
  if (placeProblem) return { errors: { position: placeProblem } };

  const now = Date.now();
  const item: PolicyItem = { ...built, id, updated_by: attempt.actor, updated_at: now };
  const changed = placeRule([...rules, item], id, place);
  const added = changed.find((rule) => rule.id === id) ?? item;
  try {
    // The new rule last: until it is written, the others' renumbering changes no decision.
    await writePolicies(attempt.client, [...changed.filter((rule) => rule.id !== id), added]);
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
}
