/**
 * Fixtures of the admin tests (pure data): the test workspace's ids (the same as the local test
 * platform's `TEST_WORKSPACE`, which lib may not import), a registered bot and two policy rules.
 * `functions/_shared/_testing.ts` stores them on a test platform.
 *
 * @module
 */
import { TEST_PUBLIC_KEY } from "../contract/_testing.ts";

/** The test workspace's ids (`local/testing.ts` `TEST_WORKSPACE`). */
export const W = {
  users: { alice: "U0ALICE0001", bob: "U0BOB000001", carol: "U0CAROL0001", dave: "U0DAVE00001" },
  usergroupId: "S0APPROVERS",
  channelId: "C0APPROVALS",
  generalChannelId: "C0GENERAL01",
} as const;

/** A registered, active bot using the contract test key. */
export function testBot(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "ci-bot",
    display_name: "CI bot",
    kind: "ci",
    owner: W.users.alice,
    public_keys: [{ key_id: "ci-bot-2026", public_key: TEST_PUBLIC_KEY, not_after: 0 }],
    allowed_actions: ["deploy", "build"],
    allowed_resources: ["api-*"],
    allowed_environments: ["staging", "production"],
    approver_users: [W.users.alice, W.users.bob],
    approvals_required: 1,
    approval_channel: W.channelId,
    watcher_channel: W.generalChannelId,
    callback_url: "https://hooks.example.com/countersign",
    approval_timeout_seconds: 3600,
    status: "active",
    ...extra,
  };
}

/** Two policy rules: staging auto-approve (10) and production needs two (20). */
export function testPolicies(): Record<string, unknown>[] {
  return [
    {
      id: "staging-auto",
      position: 10,
      name: "Staging is fine",
      environment_pattern: "staging",
      service_pattern: "*",
      action_pattern: "*",
      resource_pattern: "*",
      conditions: "",
      effect: "auto_approve",
      approvals_required: 0,
      enabled: true,
    },
    {
      id: "prod-two",
      position: 20,
      name: "Production needs two",
      environment_pattern: "production",
      service_pattern: "*",
      action_pattern: "*",
      resource_pattern: "*",
      conditions: "",
      effect: "require_approval",
      approvals_required: 2,
      enabled: true,
    },
  ];
}
