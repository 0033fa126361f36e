import { assertEquals, assertStringIncludes } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { Policies } from "../../datastores/policies.ts";
import { startTestPlatform, type TestPlatform } from "../../local/testing.ts";
import { EvaluatePolicyFunction } from "./definition.ts";
import handler from "./mod.ts";

const { createContext } = SlackFunctionTester(EvaluatePolicyFunction);

const request = {
  verdict: "verified",
  service_id: "ci-bot",
  action: "deploy",
  resource: "api-server#152",
  environment: "production",
  conditions: "ci_status=passed",
  approvals_required: 2,
};

async function withPlatform(
  fn: (
    platform: TestPlatform,
    run: (inputs: Record<string, unknown>) => Promise<{ outputs?: unknown; error?: string }>,
  ) => Promise<void>,
  datastores?: Record<string, never>,
): Promise<void> {
  const platform = await startTestPlatform(datastores ? { datastores } : {});
  try {
    await fn(platform, async (inputs) => {
      // deno-lint-ignore no-explicit-any -- tests pass deliberately partial or odd inputs
      const ctx = createContext({ inputs: inputs as any, env: { SLACK_API_URL: platform.url } });
      return await handler(ctx);
    });
  } finally {
    await platform.close();
  }
}

function seed(platform: TestPlatform, rules: Record<string, unknown>[]) {
  for (const rule of rules) platform.storage.putItem(Policies.name, String(rule.id), rule);
}

Deno.test("evaluate_policy: the first enabled matching rule by position decides", async () => {
  await withPlatform(async (platform, run) => {
    seed(platform, [
      {
        id: "p-deny",
        position: 30,
        name: "deny prod",
        environment_pattern: "production",
        effect: "deny",
        enabled: true,
      },
      {
        id: "p-auto",
        position: 10,
        name: "staging auto",
        environment_pattern: "staging",
        effect: "auto_approve",
        enabled: true,
      },
      { id: "p-off", position: 5, name: "off", effect: "auto_approve", enabled: false },
      {
        id: "p-two",
        position: 20,
        name: "prod deploys with green CI",
        action_pattern: "deploy",
        environment_pattern: "prod*",
        conditions: "ci_status=passed",
        effect: "require_approval",
        approvals_required: 3,
        enabled: true,
      },
    ]);
    const result = await run(request);
    assertEquals(result.error, undefined);
    const outputs = result.outputs as Record<string, unknown>;
    assertEquals(
      [outputs.effect, outputs.policy_id, outputs.policy_name, outputs.approvals_required],
      ["require_approval", "p-two", "prod deploys with green CI", 3],
    );
    assertStringIncludes(String(outputs.explanation), "matched");
    const failedCi = await run({ ...request, conditions: "ci_status=failed" });
    assertEquals((failedCi.outputs as Record<string, unknown>).policy_id, "p-deny");
  });
});

Deno.test("evaluate_policy: no matching rule means require_approval, never auto-approve", async () => {
  await withPlatform(async (platform, run) => {
    const empty = await run({ ...request, approvals_required: undefined });
    assertEquals(empty.outputs, {
      effect: "require_approval",
      policy_id: "",
      policy_name: "",
      approvals_required: 1,
      explanation: "No enabled rule matched (0 checked); default: 1 approval required",
      approver_groups: "",
      groups_required: 0,
      approval_channel: "",
      scoped_by: "",
      facts: "",
      policy_note: "",
    });
    seed(platform, [{
      id: "other",
      position: 1,
      service_pattern: "web-*",
      effect: "auto_approve",
    }]);
    const serviceDefault = (await run(request)).outputs as Record<string, unknown>;
    assertEquals([serviceDefault.effect, serviceDefault.approvals_required], [
      "require_approval",
      2,
    ]);
  });
});

Deno.test("evaluate_policy: reads every page of a large rule set", async () => {
  await withPlatform(async (platform, run) => {
    const rules = Array.from({ length: 250 }, (_, i) => ({
      id: `rule-${String(i).padStart(3, "0")}`,
      position: i,
      name: `rule ${i}`,
      service_pattern: `other-${i}`,
      effect: "auto_approve",
    }));
    // The only matching rule sorts last by id, so it is on the last page.
    rules.push({
      id: "zz-last",
      position: 999,
      name: "last",
      service_pattern: "ci-*",
      effect: "deny",
    });
    seed(platform, rules);
    const outputs = (await run(request)).outputs as Record<string, unknown>;
    assertEquals([outputs.effect, outputs.policy_id], ["deny", "zz-last"]);
    const queries = platform.storage.listCalls().filter((c) => c.method === "apps.datastore.query");
    assertEquals(queries.length >= 3, true, `${queries.length} pages`);
  });
});

Deno.test("evaluate_policy: a rejected request passes through as none without any Slack call", async () => {
  await withPlatform(async (platform, run) => {
    seed(platform, [{ id: "auto", position: 1, effect: "auto_approve" }]);
    const result = await run({ verdict: "rejected" });
    assertEquals(result.outputs, {
      effect: "none",
      policy_id: "",
      policy_name: "",
      approvals_required: 0,
      explanation: 'Not evaluated: the request\'s verdict is "rejected"',
    });
    assertEquals(platform.storage.listCalls(), []);
  });
});

Deno.test("evaluate_policy: a failing query is an error", async () => {
  await withPlatform(async (_platform, run) => {
    const result = await run(request);
    assertStringIncludes(String(result.error), "Cannot read policies: datastore query failed");
  }, {});
});

Deno.test("evaluate_policy: a verified request without its fields is an error", async () => {
  await withPlatform(async (platform, run) => {
    const result = await run({ verdict: "verified", service_id: "ci-bot" });
    assertEquals(result.error, 'Cannot evaluate policy: input "action" is missing');
    assertEquals(platform.storage.listCalls(), []);
  });
});

Deno.test("evaluate_policy: a routed rule hands its groups and channel to the approval step", async () => {
  await withPlatform(async (platform, run) => {
    seed(platform, [{
      id: "prod",
      position: 1,
      effect: "require_approval",
      approver_groups: "S0SRE:1,S0SEC:1",
      approval_channel: "C0PROD0001",
    }]);
    const out = (await run(request)).outputs as Record<string, unknown>;
    assertEquals(
      [out.approver_groups, out.groups_required, out.approval_channel, out.approvals_required],
      ["S0SRE:1, S0SEC:1", 2, "C0PROD0001", 2],
    );
  });
});
