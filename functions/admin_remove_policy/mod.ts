import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminRemovePolicyFunction } from "./definition.ts";
import { Policies } from "../../datastores/policies.ts";
import type { PolicyItem } from "../../lib/admin/policy.ts";
import { type AdminAttempt, failure, finish, invalid } from "../_shared/admin.ts";
import { quote } from "../../lib/contract/text.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { openAdminAttempt } from "../_shared/admin_attempt.ts";

/** Deletes a rule after reading it, so the admin log keeps its last settings. */
export default SlackFunction(AdminRemovePolicyFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const id = (inputs.policy_id ?? "").trim();
  const attempt: AdminAttempt = {
    client,
    env,
    actor: inputs.actor,
    action: "remove_policy",
    label: id ? `remove policy rule ${quote(id)}` : "remove policy rule",
    targetType: "policy",
    targetId: id,
  };
  const opened = await openAdminAttempt(attempt, "rule id");
  if (!opened.ok) return opened.done;

  let before: PolicyItem | undefined;
  try {
    const found = await client.apps.datastore.get<typeof Policies.definition>({
      datastore: Policies.name,
      id,
    });
    if (!found.ok) throw new Error(`apps.datastore.get: ${found.error}`);
    before = found.item?.id ? found.item as unknown as PolicyItem : undefined;
  } catch (error) {
    return failure(attempt.label, "reading the policies datastore", error);
  }
  if (!before) return await invalid(attempt, "no rule has this id");
  try {
    const removed = await client.apps.datastore.delete<typeof Policies.definition>({
      datastore: Policies.name,
      id,
    });
    if (!removed.ok) throw new Error(`apps.datastore.delete: ${removed.error}`);
  } catch (error) {
    return failure(attempt.label, "deleting from the policies datastore", error);
  }
  return await finish(attempt, {
    result: "applied",
    detail: `Removed rule ${quote(id)} (${quote(before.name ?? "")}); it was a ` +
      `${before.effect} rule at position ${before.position ?? "(none)"}`,
    before: before as unknown as Record<string, unknown>,
  });
});
