import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { overloadable, withSlackRetry } from "../_shared/slack_retry.ts";
import { policyOverloaded } from "./overloaded.ts";
import { EvaluatePolicyFunction } from "./definition.ts";
import { Policies } from "../../datastores/policies.ts";
import { evaluatePolicies, type PolicyRule } from "../../lib/policy/evaluate.ts";
import { quote } from "../../lib/contract/text.ts";
import { queryAll } from "../_shared/pages.ts";
import { type ScopeUse, useScope } from "./_scope.ts";
import { policyContext } from "./context.ts";
import { encodeFacts } from "../../lib/policy/facts.ts";
import { now } from "../_clock.ts";

/** Items per query page; the limit counts items evaluated, not returned. */
const PAGE_LIMIT = 100;

/**
 * Reads every policy rule and applies the first matching one. A request that was not verified
 * passes through as effect `none` without touching Slack.
 */
const evaluate = SlackFunction(EvaluatePolicyFunction, async ({ inputs, client, env, event }) => {
  client = withSlackRetry(client);
  if (inputs.verdict !== undefined && inputs.verdict !== "verified") {
    return {
      outputs: {
        effect: "none",
        policy_id: "",
        policy_name: "",
        approvals_required: 0,
        explanation: `Not evaluated: the request's verdict is ${quote(String(inputs.verdict))}`,
      },
    };
  }
  const missing = (["service_id", "action", "resource", "environment"] as const)
    .find((name) => typeof inputs[name] !== "string" || inputs[name] === "");
  if (missing) return { error: `Cannot evaluate policy: input "${missing}" is missing` };

  if (inputs.break_glass) {
    // Break-glass bypasses the rules by design; its compensating controls follow the record.
    return {
      outputs: {
        effect: "break_glass",
        policy_id: "",
        policy_name: "Break-glass",
        approvals_required: 0,
        explanation: `Break-glass: approved at once without the rules, with a follow-up review ` +
          `(justification: ${quote(inputs.break_glass, 200)})`,
        facts: "",
        policy_note: "",
      },
    };
  }
  let rules: PolicyRule[];
  try {
    rules = await queryAll<PolicyRule>(
      client,
      { datastore: Policies.name, limit: PAGE_LIMIT },
      "Cannot read policies",
    );
  } catch (err) {
    return { error: err instanceof Error ? err.message : `Cannot read policies: ${err}` };
  }

  const subject = {
    service_id: inputs.service_id as string,
    action: inputs.action as string,
    resource: inputs.resource as string,
    environment: inputs.environment as string,
    conditions: inputs.conditions ?? "",
  };
  const at = now();
  const context = policyContext(env, inputs.verified_facts, at);
  const result = evaluatePolicies(rules, subject, inputs.approvals_required, context);
  const problems = context.problems.length ? ` (settings: ${context.problems.join("; ")})` : "";
  // A human's scoped approval stands in for asking humans again, and for nothing else: it never
  // turns a deny into an approval, and only covers requests the same rule sends to humans.
  if (result.effect === "require_approval") {
    const me = event?.function_execution_id ?? `evaluate-${at}`;
    const ruleId = result.rule?.id ?? "";
    const used = await useScope(client, subject, ruleId, at, me, inputs.request_id ?? "");
    if (used) {
      return {
        outputs: {
          ...scopedOutputs(used, result.explanation + problems),
          facts: encodeFacts(result.facts),
          policy_note: result.protected_reason ?? "",
        },
      };
    }
  }
  return {
    outputs: {
      effect: result.effect,
      policy_id: result.rule?.id ?? "",
      policy_name: result.rule?.name ?? "",
      approvals_required: result.approvals_required,
      explanation: result.explanation + problems,
      approver_groups: result.routing?.approver_groups ?? "",
      groups_required: result.routing?.groups_required ?? 0,
      approval_channel: result.routing?.approval_channel ?? "",
      scoped_by: "",
      facts: encodeFacts(result.facts),
      policy_note: result.protected_reason ?? "",
    },
  };
});

/** The outputs of a request a scoped approval lets through: auto-approved, linked to the grant. */
function scopedOutputs({ scope, use }: ScopeUse, ruleExplanation: string) {
  const count = scope.max_requests ? `use ${use} of ${scope.max_requests}, ` : "";
  return {
    effect: "auto_approve",
    policy_id: scope.id,
    policy_name: `Scoped approval of ${scope.decision_id}`,
    approvals_required: 0,
    explanation:
      `Approved by the scoped approval ${quote(scope.id, 200)} that ${scope.granted_by} ` +
      `granted on decision ${quote(scope.decision_id, 200)} (${count}until ` +
      `${new Date(scope.expires_at).toISOString()}) instead of asking humans; ` +
      `the rules alone: ${ruleExplanation}`,
    approver_groups: "",
    groups_required: 0,
    approval_channel: "",
    scoped_by: scope.decision_id,
  };
}

// Rate-limited past its budget, the step ends `overloaded` and the run records that.
export default overloadable(evaluate, policyOverloaded);
