/**
 * Test harness for the approval handlers: runs the real handler against the real local Web API
 * (`local/testing.ts`), with interactivity payloads built by the local runtime's payload
 * builders (the shapes Slack sends).
 *
 * @module
 */
import { SlackFunctionTester } from "deno-slack-sdk/mod.ts";
import {
  startTestPlatform,
  TEST_WORKSPACE,
  type TestPlatform,
  type TestPlatformOptions,
} from "../../local/testing.ts";
import { ManualClock } from "../../local/clock.ts";
import { INTERACTIVITY_TIMEOUT_MS, withTimeout } from "../../local/runtime/dispatch.ts";
import { blockActionsBody, payloadView, viewBody } from "../../local/runtime/payloads.ts";
import type { Message, ViewRecord } from "../../local/storage/types.ts";
import { RequestApprovalFunction } from "./definition.ts";
import { SlackAPI } from "deno-slack-sdk/mod.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { EXTRA_DOMAINS_ENV, SIGNING_KEY_ENV } from "../../lib/config.ts";
import { verifyCallback } from "../../lib/callback/mod.ts";
import { generateTestKeyPair } from "../../lib/callback/_testing.ts";
import handler from "./mod.ts";
import {
  APPROVE_ACTION_ID,
  APPROVE_COMMENT_ACTION_ID,
  APPROVE_COMMENT_BLOCK_ID,
  APPROVE_COMMENT_INPUT_ID,
  DECISION_ACTIONS_BLOCK_ID,
  DENY_ACTION_ID,
  DENY_REASON_ACTION_ID,
  DENY_REASON_BLOCK_ID,
} from "./constants.ts";

/** The seeded test workspace (channels, user group). */
export const W: typeof TEST_WORKSPACE = TEST_WORKSPACE;
/** Its users: alice and bob form the approver group, dave is listed, carol is neither. */
export const U: typeof TEST_WORKSPACE.users = TEST_WORKSPACE.users;
const APP = { teamId: W.teamId, teamDomain: "local", appId: "A0LOCAL0001", botUserId: W.botUserId };

/** Default inputs: two approvers needed from dave + the @approvers group (alice, bob). */
const DEFAULTS = {
  effect: "require_approval",
  decision_id: "deploy-bot|r-1",
  service_id: "deploy-bot",
  request_id: "r-1",
  action: "deploy",
  resource: "api-server#152",
  environment: "production",
  reason: "hotfix <!channel>",
  triggered_by: "carol@example.com",
  source_system: "github-actions",
  source_url: "https://ci.example.com/run/42",
  service_name: "Deploy Bot",
  service_owner: U.dave,
  policy_name: "Production deploys",
  approvals_required: 2,
  approver_users: [U.dave],
  approver_usergroup: W.usergroupId,
  approval_channel: W.channelId,
  watcher_channel: W.generalChannelId,
  timeout_seconds: 3600,
  // The verify step passes the arrival time; the time limit counts from it.
  requested_at: Date.now(),
};

type Widen<T> = {
  [K in keyof T]: T[K] extends string ? string
    : T[K] extends number ? number
    : T[K] extends readonly string[] ? string[]
    : T[K];
};
/** The approval step's inputs as the tests pass them; routing by rule is optional. */
export type Inputs = Widen<typeof DEFAULTS> & {
  approver_groups?: string;
  groups_required?: number;
  rule_approval_channel?: string;
};
/** Default inputs (see above). */
export const DEFAULT_INPUTS: Inputs = DEFAULTS;

// deno-lint-ignore no-explicit-any -- the SDK's handler types are not callable with test payloads
type AnyHandler = (ctx: Record<string, unknown>) => Promise<any>;
/** The interactivity entry points the runtime calls (exported by SlackFunction, untyped). */
const routed = handler as unknown as { blockActions: AnyHandler; viewSubmission: AnyHandler };

/** A started approval with helpers to act on it. */
export interface Harness {
  platform: TestPlatform;
  inputs: Inputs;
  executionId: string;
  /** What the main handler returned. */
  result: Record<string, unknown>;
  /** Modals opened so far. */
  views: ViewRecord[];
  /** Warnings and errors logged by the handlers. */
  logs: string[];
  /** The approval message as currently stored. */
  message(): Message | undefined;
  /** Ephemeral texts shown to `user`. */
  ephemerals(user: string): string[];
  /**
   * Clicks a button on the approval message as `user`; `withMessage: false` leaves the message
   * out of the payload (Slack always sends it with a message click).
   */
  click(user: string, actionId: string, opts?: { withMessage?: boolean }): Promise<unknown>;
  /** Submits the latest deny modal as `user` with `reason`. */
  submitDeny(user: string, reason: string): Promise<unknown>;
  /** Submits the latest approve-with-comment modal as `user` with `comment`. */
  submitApprove(user: string, comment: string): Promise<unknown>;
  close(): Promise<void>;
}

/** Starts the platform, runs the main handler with `overrides`, and returns the harness. */
export async function startApproval(
  overrides: Partial<Inputs> = {},
  opts: HarnessOptions = {},
): Promise<Harness> {
  const [h] = await startCopies(1, overrides, opts);
  return h;
}

/** Harness options. */
export interface HarnessOptions {
  /** The Web API URL the handlers use, given the platform's (e.g. a proxy in front of it). */
  apiUrl?: (platformUrl: string) => string;
  /** Options of the local platform (e.g. its clock, eventually consistent queries). */
  platform?: TestPlatformOptions;
  /**
   * The platform's latency mode (`local/latency.ts`): hosted-like delays on a test clock, so a
   * click handler that does too much before `views.open` gets `expired_trigger_id`, as on Slack.
   */
  latency?: boolean;
  /** Changes the workspace before the step runs (e.g. more user groups). */
  seed?: (platform: TestPlatform) => void;
}

/**
 * Starts the platform and runs `count` copies of the approval step for the same request (same
 * inputs, same decision id, each its own function execution) at the same time, as two identical
 * signed requests arriving together do. Each harness clicks as its own execution: a click routed
 * to a copy that does not own the request is what a click on that copy's message would be.
 */
export async function startCopies(
  count: number,
  overrides: Partial<Inputs> = {},
  opts: HarnessOptions = {},
): Promise<Harness[]> {
  const platform = await startTestPlatform({
    // Delays cost test-clock time, never real time.
    clock: opts.latency ? new ManualClock(Date.now()) : undefined,
    latency: opts.latency,
    ...opts.platform,
  });
  opts.seed?.(platform);
  const inputs = { ...DEFAULT_INPUTS, ...overrides };
  const channel = inputs.rule_approval_channel || inputs.approval_channel;
  const env = { SLACK_API_URL: opts.apiUrl?.(platform.url) ?? platform.url };
  const views: ViewRecord[] = [];
  platform.api.events.addEventListener("view", (e) => {
    views.push((e as CustomEvent<{ view: ViewRecord }>).detail.view);
  });
  const logs: string[] = [];
  const original = { warn: console.warn, error: console.error };
  console.warn = (...args: unknown[]) => logs.push(args.join(" "));
  console.error = (...args: unknown[]) => logs.push(args.join(" "));
  const contexts = Array.from({ length: count }, (_, i) => {
    const ctx = SlackFunctionTester(RequestApprovalFunction).createContext({ inputs, env });
    // The tester names executions by the millisecond; copies made together need their own.
    if (count > 1) ctx.event.function_execution_id += `c${i}`;
    platform.storage.putExecution({
      id: ctx.event.function_execution_id,
      callback_id: RequestApprovalFunction.definition.callback_id,
      inputs,
      status: "running",
      started: Date.now(),
    });
    return ctx;
  });
  const results = await Promise.all(
    contexts.map((ctx) => handler(ctx) as Promise<Record<string, unknown>>),
  );
  const base = { env, token: platform.token, inputs, team_id: W.teamId, enterprise_id: "" };
  const user = (id: string) => ({ id, name: platform.storage.getUser(id)?.name ?? id });
  const messages = () => platform.storage.listMessages(channel);
  const message = () => messages().find((m) => !m.ephemeral_to && m.user === W.botUserId);
  let closed = false;
  // In latency mode a handler has Slack's interactivity budget, on the test clock.
  const budget = <T>(name: string, work: Promise<T>) =>
    opts.latency ? withTimeout(work, INTERACTIVITY_TIMEOUT_MS, name, platform.clock.timer) : work;

  return contexts.map((ctx, i): Harness => {
    const executionId = ctx.event.function_execution_id;
    const execution = {
      id: executionId,
      callbackId: RequestApprovalFunction.definition.callback_id,
      inputs,
      token: platform.token,
    };
    const submit = async (id: string, blockId: string, inputId: string, value: string) => {
      const record = views.at(-1);
      if (!record) throw new Error("Cannot submit: no modal was opened");
      const triggerId = await platform.interact(id);
      const view = payloadView(APP, record, {
        [blockId]: { [inputId]: { type: "plain_text_input", value } },
      });
      const body = viewBody(APP, "view_submission", {
        execution,
        user: user(id),
        view,
        triggerId,
      });
      return await budget("viewSubmission", routed.viewSubmission({ ...base, body, view }));
    };
    return {
      platform,
      inputs,
      executionId,
      result: results[i],
      views,
      logs,
      message,
      ephemerals: (id) => messages().filter((m) => m.ephemeral_to === id).map((m) => m.text),
      async click(id, actionId, opts = {}) {
        const triggerId = await platform.interact(id);
        const msg = message();
        if (!msg) throw new Error("Cannot click: no approval message");
        const body = blockActionsBody(APP, {
          execution,
          user: user(id),
          channel: { id: channel, name: "approvals" },
          message: { ...msg, type: "message" } as unknown as Record<string, unknown>,
          action: {
            action_id: actionId,
            block_id: DECISION_ACTIONS_BLOCK_ID,
            value: inputs.decision_id,
          },
          triggerId,
          nowMs: Date.now(),
        });
        if (opts.withMessage === false) delete (body as Record<string, unknown>).message;
        const action = (body.actions as unknown[])[0];
        return await budget("blockActions", routed.blockActions({ ...base, body, action }));
      },
      submitDeny(id, reason) {
        return submit(id, DENY_REASON_BLOCK_ID, DENY_REASON_ACTION_ID, reason);
      },
      submitApprove(id, comment) {
        return submit(id, APPROVE_COMMENT_BLOCK_ID, APPROVE_COMMENT_INPUT_ID, comment);
      },
      async close() {
        if (closed) return;
        closed = true;
        console.warn = original.warn;
        console.error = original.error;
        await platform.close();
      },
    };
  });
}

/** A callback receiver on 127.0.0.1 that verifies every delivery with the app's public key. */
export function receiver(publicKey: string) {
  const got: { ok: boolean; outcome?: string; reason_code?: string; request_id?: string }[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const result = await verifyCallback(publicKey, req.headers, await req.text(), {
      service: (id) => id.length > 0,
    });
    got.push(result.ok ? { ok: true, ...result.payload } : { ok: false });
    return new Response("", { status: 200 });
  });
  return { server, url: `http://127.0.0.1:${server.addr.port}/cb`, got };
}

/**
 * A started one-approval request with what a closer (expiry, revocation) needs: a callback
 * receiver, the env with a fresh app key, a Web API client, and the record of `deploy-bot|r-1`.
 */
export async function startClosable() {
  const h = await startApproval({ approvals_required: 1 });
  const keys = await generateTestKeyPair();
  const r = receiver(keys.publicKey);
  const env = {
    SLACK_API_URL: h.platform.url,
    [SIGNING_KEY_ENV]: keys.pkcs8,
    [EXTRA_DOMAINS_ENV]: "127.0.0.1",
  };
  const client = SlackAPI(h.platform.token, { slackApiUrl: h.platform.url });
  const record = () => h.platform.storage.getItem(Decisions.name, "deploy-bot|r-1")!;
  const done = async () => {
    await r.server.shutdown();
    await h.close();
  };
  return { h, keys, r, env, client, record, done };
}

export { APPROVE_ACTION_ID, APPROVE_COMMENT_ACTION_ID, DENY_ACTION_ID };
