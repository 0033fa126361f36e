import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminDryRunPolicyFunction } from "./definition.ts";
import { checkText } from "../../lib/admin/fields.ts";
import { describeDryRun, type PolicyItem } from "../../lib/admin/policy.ts";
import type { ServiceItem } from "../../lib/admin/bot.ts";
import {
  type AdminAttempt,
  checkAdmin,
  failure,
  invalid,
  readPolicies,
  readService,
} from "../_shared/admin.ts";
import { parseConditions } from "../../lib/contract/conditions.ts";
import { mrkdwnWithCode } from "../../lib/render/mrkdwn.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { contextFrom } from "../evaluate_policy/context.ts";
import { policySettingsFromEnv } from "../_policy_settings.ts";
import { now } from "../_clock.ts";
import { sampleFacts } from "./sample.ts";

/** Evaluates the sample against the bot and the current rules; writes nothing on success. */
export default SlackFunction(AdminDryRunPolicyFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const attempt: AdminAttempt = {
    client,
    env,
    actor: inputs.actor,
    action: "dry_run_policy",
    label: "try the policies",
    targetType: "policy",
    targetId: "",
  };
  const admin = await checkAdmin(attempt);
  if (!admin.ok) return admin.done;
  const sample = {
    service_id: (inputs.service_id ?? "").trim(),
    action: (inputs.action ?? "").trim(),
    resource: (inputs.resource ?? "").trim(),
    environment: (inputs.environment ?? "").trim(),
    conditions: (inputs.conditions ?? "").trim(),
  };
  for (const field of ["service_id", "action", "resource", "environment"] as const) {
    const problem = checkText(field.replace("_", " "), sample[field], 256);
    if (problem) return await invalid(attempt, problem);
  }
  const conditions = parseConditions(sample.conditions);
  if (!conditions.ok) return await invalid(attempt, conditions.error);
  const sampled = sampleFacts(inputs.verified_claims ?? "", inputs.at ?? "", now());
  if (!sampled.ok) return await invalid(attempt, sampled.error);

  let rules: PolicyItem[];
  let service: ServiceItem | undefined;
  try {
    rules = await readPolicies(client);
    service = await readService(client, sample.service_id);
  } catch (error) {
    return failure(attempt.label, "reading the datastores", error);
  }
  const context = contextFrom(policySettingsFromEnv(env), sampled.factsJson, sampled.at);
  const result = describeDryRun(rules, sample, service, context);
  return {
    outputs: {
      ok: true,
      summary: mrkdwnWithCode(result.text, 2900),
      event_id: "",
      effect: result.effect,
      rule_id: result.ruleId,
    },
  };
});
