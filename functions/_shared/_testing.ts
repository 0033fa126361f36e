/**
 * Test support for the admin functions: a local Web API with the test workspace, a context
 * whose env makes alice the only listed admin, a registered bot to change, and readers for the
 * services, policies and admin_events datastores.
 *
 * @module
 */
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { startTestPlatform, TEST_WORKSPACE, type TestPlatform } from "../../local/testing.ts";
import { ADMIN_USERS_ENV } from "../../lib/admin/config.ts";
import { testBot, testPolicies } from "../../lib/admin/_testing.ts";

export { testBot, testPolicies } from "../../lib/admin/_testing.ts";

/** The test workspace ids. */
export const W = TEST_WORKSPACE;

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
