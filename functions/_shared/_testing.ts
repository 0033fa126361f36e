/**
 * Test support for the admin functions: a local Web API with the test workspace, a context
 * whose env makes alice the only listed admin, a registered bot to change, and readers for the
 * services, policies and admin_events datastores.
 *
 * @module
 */
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { startTestPlatform, TEST_WORKSPACE, type TestPlatform } from "../../local/testing.ts";
import { TEST_PUBLIC_KEY } from "../../lib/contract/_testing.ts";
import { ADMIN_USERS_ENV } from "../../lib/admin/config.ts";

/** The test workspace ids. */
export const W = TEST_WORKSPACE;

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

/** What one handler call returned. */
export interface AdminRun {
  outputs: Record<string, unknown>;
  error?: string;
}

/** An admin handler as `SlackFunction` returns it. */
// deno-lint-ignore no-explicit-any -- each function's handler has its own context and return type
type Handler = (ctx: any) => any;

/** Helpers available inside {@linkcode withAdminPlatform}. */
export interface AdminTest {
  platform: TestPlatform;
  /** Runs the handler with `inputs`; `env` adds to (or overrides) the default admin env. */
  run(inputs: Record<string, unknown>, env?: Record<string, string>): Promise<AdminRun>;
  item(datastore: string, id: string): Record<string, unknown> | undefined;
  events(): Record<string, unknown>[];
}

/**
 * Starts a test platform with `ci-bot` registered (unless `bot` is null) and runs `fn`. The
 * default env lists alice as the admin.
 */
export async function withAdminPlatform(
  // deno-lint-ignore no-explicit-any -- any function definition
  definition: any,
  handler: Handler,
  fn: (t: AdminTest) => Promise<void>,
  bot: Record<string, unknown> | null = testBot(),
): Promise<void> {
  const { createContext } = SlackFunctionTester(definition);
  const platform = await startTestPlatform();
  try {
    if (bot) platform.storage.putItem("services", String(bot.id), bot);
    await fn({
      platform,
      async run(inputs, env = {}) {
        const ctx = createContext({
          inputs,
          env: { SLACK_API_URL: platform.url, [ADMIN_USERS_ENV]: W.users.alice, ...env },
        });
        const result = await handler(ctx) as { outputs?: unknown; error?: string };
        return {
          outputs: (result.outputs ?? {}) as Record<string, unknown>,
          ...(result.error ? { error: result.error } : {}),
        };
      },
      item: (datastore, id) => platform.storage.getItem(datastore, id),
      events: () => platform.storage.scanItems("admin_events", 1000).items,
    });
  } finally {
    await platform.close();
  }
}

/** A summary without the zero-width spaces mrkdwn escaping puts around `_` `*` `~` and `` ` ``. */
export function plain(summary: unknown): string {
  // As a reader sees it: no zero-width spaces, code spans without their backticks.
  return String(summary).replaceAll("\u200b", "").replace(/`([^`\n]*)`/g, "$1");
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

/** Stores {@linkcode testPolicies}. */
export function seedPolicies(platform: { storage: TestPlatform["storage"] }): void {
  for (const rule of testPolicies()) platform.storage.putItem("policies", String(rule.id), rule);
}

/** Rule ids in evaluation order with their positions. */
export function order(platform: { storage: TestPlatform["storage"] }): [string, number][] {
  return platform.storage.scanItems("policies", 1000).items
    .map((r) => [String(r.id), Number(r.position)] as [string, number])
    .sort((a, b) => a[1] - b[1]);
}
