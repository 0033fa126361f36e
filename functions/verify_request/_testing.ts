/**
 * Helpers for `verify_request`'s tests: a registered service, a run of the handler against the
 * local Web API, and the shapes of a rejection.
 *
 * @module
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import { Services } from "../../datastores/services.ts";
import { signedRequest, type UnsignedRequest } from "../../lib/contract/mod.ts";
import { sampleRequest, TEST_PRIVATE_KEY_PEM } from "../../lib/contract/_testing.ts";
import { startTestPlatform, TEST_WORKSPACE, type TestPlatform } from "../../local/testing.ts";
import { VerifyRequestFunction } from "./definition.ts";
import handler from "./mod.ts";
import { testBot } from "../_shared/_testing.ts";

const { createContext } = SlackFunctionTester(VerifyRequestFunction);
/** The test workspace's ids. */
export const W = TEST_WORKSPACE;

/** A complete, active service registered with the test key (two approvals, a group). */
export function service(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return testBot({
    approver_usergroup: W.usergroupId,
    approvals_required: 2,
    approval_timeout_seconds: 900,
    ...extra,
  });
}

/** One run of the handler: its outputs, error and execution id. */
export interface Run {
  outputs: Record<string, unknown>;
  error?: string;
  executionId: string;
}

/**
 * Runs `fn` with a test platform (the default service registered unless `seedService` is null or
 * other datastores are given) and a `run` that calls the handler against it.
 */
export async function withPlatform(
  fn: (
    platform: TestPlatform,
    run: (inputs: Record<string, unknown>) => Promise<Run>,
  ) => Promise<void>,
  options: { seedService?: Record<string, unknown> | null; datastores?: Record<string, never> } =
    {},
): Promise<void> {
  const platform = await startTestPlatform(
    options.datastores ? { datastores: options.datastores } : {},
  );
  try {
    if (options.seedService !== null && !options.datastores) {
      const item = options.seedService ?? service();
      platform.storage.putItem(Services.name, String(item.id), item);
    }
    const run = async (inputs: Record<string, unknown>): Promise<Run> => {
      const ctx = createContext({ inputs, env: { SLACK_API_URL: platform.url } });
      const result = await handler(ctx);
      return {
        outputs: (result.outputs ?? {}) as Record<string, unknown>,
        error: result.error,
        executionId: ctx.event.function_execution_id,
      };
    };
    await fn(platform, run);
  } finally {
    await platform.close();
  }
}

/** The sample request with `change`, signed with `key`. */
export async function signed(change: Partial<UnsignedRequest> = {}, key = TEST_PRIVATE_KEY_PEM) {
  return await signedRequest({ ...sampleRequest(), ...change }, key);
}

/** The outputs that carry a verified service's configuration. */
export const CONFIG_KEYS = [
  "service_name",
  "service_owner",
  "approver_users",
  "approver_usergroup",
  "approvals_required",
  "approval_channel",
  "watcher_channel",
  "callback_url",
  "approval_timeout_seconds",
];

/** Asserts a rejection (not an error) with `code` and a detail containing `detailPart`. */
export function assertRejected(run: Run, code: string, detailPart: string) {
  assertEquals(run.error, undefined);
  assertEquals(run.outputs.verdict, "rejected");
  assertEquals(run.outputs.reason_code, code);
  assertStringIncludes(String(run.outputs.reason_detail), detailPart);
  assertEquals(typeof run.outputs.requested_at, "number");
}

/** Rejected before the caller proved its identity: no real id, no service configuration. */
export function assertUnverified(run: Run) {
  assertEquals(run.outputs.decision_id, `rejected|${run.executionId}`);
  assertEquals(run.outputs.signature_verified, false);
  for (const key of CONFIG_KEYS) assertEquals(run.outputs[key], undefined, key);
}
