/**
 * Drives the deployed app without Slack: a local Web API (the local platform's, for its methods
 * and datastores) behind one loopback origin that also receives callbacks, the workflow's steps
 * sequenced from the manifest Slack would receive (templates resolved from earlier outputs), each
 * step run as a hosted invocation of its bundle, and a `block_actions` click for the approval.
 *
 * @module
 */
import { verifyCallback } from "../lib/callback/sign.ts";
import { signedRequest } from "../lib/contract/mod.ts";
import { encodeBase64 } from "../lib/keys/base64.ts";
import { startTestPlatform, TEST_WORKSPACE, type TestPlatform } from "../local/testing.ts";
import { type HostedRuntime, invokeHosted } from "./hosted.ts";
import { RehearsalError } from "./offline.ts";

type Json = Record<string, unknown>;

/** A local Web API and callback receiver on one loopback origin. */
export interface Harness {
  platform: TestPlatform;
  /** Web API base for `SLACK_API_URL`. */
  apiUrl: string;
  /** `127.0.0.1:<port>`, granted to hosted invocations as the Web API host. */
  host: string;
  /** Callback URL a registered bot can use. */
  callbackUrl: string;
  /** Callbacks received (headers and body). */
  callbacks: { headers: Record<string, string>; body: string }[];
  close(): Promise<void>;
}

/** Starts the local Web API and a front that routes `/api/` to it and `/hooks/` to a receiver. */
export async function startHarness(): Promise<Harness> {
  const platform = await startTestPlatform();
  const callbacks: Harness["callbacks"] = [];
  const ready = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: (addr) => ready.resolve(addr as Deno.NetAddr),
  }, async (req) => {
    const path = new URL(req.url).pathname;
    if (path.startsWith("/hooks/")) {
      callbacks.push({ headers: Object.fromEntries(req.headers), body: await req.text() });
      return Response.json({ ok: true });
    }
    return await platform.api.handle(req);
  });
  const { port } = await ready.promise;
  const origin = `http://127.0.0.1:${port}`;
  return {
    platform,
    apiUrl: `${origin}/api/`,
    host: `127.0.0.1:${port}`,
    callbackUrl: `${origin}/hooks/countersign`,
    callbacks,
    async close() {
      await server.shutdown();
      await platform.close();
    },
  };
}

let executions = 0;

/** The `{body, context}` envelope of a `function_executed` event. */
export function functionExecutedPayload(
  h: Harness,
  fn: { callback_id: string; title?: string; description?: string },
  executionId: string,
  inputs: Json,
  env: Record<string, string>,
): Json {
  return {
    body: {
      type: "event_callback",
      team_id: TEST_WORKSPACE.teamId,
      api_app_id: "A0REHEARSAL",
      event: {
        type: "function_executed",
        function: { id: `Fn${fn.callback_id}`, callback_id: fn.callback_id, title: fn.title ?? "" },
        function_execution_id: executionId,
        inputs,
        bot_access_token: h.platform.token,
        event_ts: String(Date.now() / 1000),
      },
    },
    context: { bot_access_token: h.platform.token, team_id: TEST_WORKSPACE.teamId, variables: env },
  };
}

/** Runs one function as a step: a running execution, the hosted invocation, its result. */
export async function runStep(
  h: Harness,
  rt: HostedRuntime,
  callbackId: string,
  inputs: Json,
  env: Record<string, string>,
): Promise<{ executionId: string; status: string; outputs?: Json; error?: string }> {
  const executionId = `Fx0REHEARSAL${++executions}`;
  h.platform.storage.putExecution({
    id: executionId,
    callback_id: callbackId,
    inputs,
    status: "running",
    started: Date.now(),
  });
  await invokeHosted(
    rt,
    callbackId,
    functionExecutedPayload(h, { callback_id: callbackId }, executionId, inputs, env),
  );
  const ex = h.platform.storage.getExecution(executionId)!;
  return { executionId, status: ex.status, outputs: ex.outputs, error: ex.error };
}

/** Resolves `{{inputs.x}}` / `{{steps.N.x}}` references the way a workflow run does. */
export function resolveTemplates(
  value: unknown,
  inputs: Json,
  steps: Record<string, Json>,
): unknown {
  if (typeof value === "string") {
    const lookup = (ref: string): unknown => {
      const m = ref.match(/^(inputs|steps\.(\w+))\.([\w.]+)$/);
      if (!m) throw new RehearsalError(`Cannot resolve workflow reference "{{${ref}}}"`);
      let v: unknown = m[1] === "inputs" ? inputs : steps[m[2]];
      for (const part of m[3].split(".")) v = (v as Json | undefined)?.[part];
      return v;
    };
    const whole = value.match(/^\{\{([^}]+)\}\}$/);
    if (whole) return lookup(whole[1].trim());
    return value.replace(/\{\{([^}]+)\}\}/g, (_, ref) => String(lookup(ref.trim()) ?? ""));
  }
  if (Array.isArray(value)) return value.map((v) => resolveTemplates(v, inputs, steps));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveTemplates(v, inputs, steps)]),
    );
  }
  return value;
}

/** The approve button of the latest message in `channel`, with its block. */
function approveButton(h: Harness, channel: string, actionId: string) {
  const message = h.platform.storage.listMessages(channel).at(-1) as Json | undefined;
  for (const block of (message?.blocks ?? []) as Json[]) {
    for (const el of (block.elements ?? []) as Json[]) {
      if (el.action_id === actionId) return { message: message!, block, button: el };
    }
  }
  throw new RehearsalError(`Cannot find the "${actionId}" button in #${channel}'s last message`);
}

/** What a rehearsed request produced. */
export interface FlowResult {
  steps: { id: string; callback_id: string; status: string }[];
  decision: Json;
  callback: { headers: Record<string, string>; body: string };
}

/**
 * Sends one signed request through `handle_request` (verify → policy → approval → record →
 * notify) with the hosted bundles; alice approves with a click.
 */
export async function driveSignedRequest(
  h: Harness,
  rt: HostedRuntime,
  manifest: Json,
  env: Record<string, string>,
  appPublicKey: string,
): Promise<FlowResult> {
  const W = TEST_WORKSPACE;
  const pair = await crypto.subtle.generateKey("Ed25519", true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  h.platform.storage.putItem("services", "rehearsal-bot", {
    id: "rehearsal-bot",
    display_name: "Rehearsal bot",
    kind: "ci",
    owner: W.users.carol,
    public_keys: [{ key_id: "rehearsal-bot-1", public_key: encodeBase64(raw), not_after: 0 }],
    allowed_actions: ["deploy"],
    allowed_resources: ["api-*"],
    allowed_environments: ["production"],
    approver_users: [W.users.alice],
    approvals_required: 1,
    approval_channel: W.channelId,
    callback_url: h.callbackUrl,
    approval_timeout_seconds: 3600,
    status: "active",
  });
  const request = await signedRequest({
    service_id: "rehearsal-bot",
    key_id: "rehearsal-bot-1",
    request_id: `rehearsal-${Date.now()}`,
    timestamp: String(Math.floor(Date.now() / 1000)),
    action: "deploy",
    resource: "api-server",
    environment: "production",
    reason: "deploy rehearsal",
    triggered_by: "carol",
    source_system: "rehearsal",
    source_url: "",
    conditions: "",
  }, pair.privateKey);

  const wf = (manifest.workflows as Record<string, Json>).handle_request;
  const inputs: Json = { ...request };
  const outputs: Record<string, Json> = {};
  const ran: FlowResult["steps"] = [];
  for (const step of wf.steps as Json[]) {
    const id = String(step.id);
    const callbackId = String(step.function_id).replace(/^#\/functions\//, "");
    const stepInputs = resolveTemplates(step.inputs ?? {}, inputs, outputs) as Json;
    let result = await runStep(h, rt, callbackId, stepInputs, env);
    if (result.status === "running") {
      // The approval step waits for a human: alice clicks Approve on the posted message.
      const { message, block, button } = approveButton(h, W.channelId, "countersign_approve");
      await invokeHosted(rt, callbackId, {
        body: {
          type: "block_actions",
          team: { id: W.teamId },
          enterprise: null,
          user: { id: W.users.alice, name: "alice", team_id: W.teamId },
          api_app_id: "A0REHEARSAL",
          container: { type: "message", channel_id: W.channelId, message_ts: message.ts },
          trigger_id: `${Date.now()}.rehearsal`,
          channel: { id: W.channelId, name: "approvals" },
          message,
          state: { values: {} },
          actions: [{
            type: "button",
            action_id: button.action_id,
            block_id: block.block_id,
            value: button.value,
            text: button.text,
            action_ts: String(Date.now() / 1000),
          }],
          bot_access_token: h.platform.token,
          function_data: {
            execution_id: result.executionId,
            function: { callback_id: callbackId },
            inputs: stepInputs,
          },
          interactivity: {
            interactor: { id: W.users.alice, secret: "rehearsal-secret" },
            interactivity_pointer: `${Date.now()}.pointer`,
          },
        },
        context: { bot_access_token: h.platform.token, team_id: W.teamId, variables: env },
      });
      const ex = h.platform.storage.getExecution(result.executionId)!;
      result = { ...result, status: ex.status, outputs: ex.outputs, error: ex.error };
    }
    ran.push({ id, callback_id: callbackId, status: result.status });
    if (result.status !== "completed") {
      throw new RehearsalError(
        `Cannot complete handle_request: step ${id} (${callbackId}) ended ${result.status}` +
          (result.error ? `: ${result.error}` : ""),
      );
    }
    outputs[id] = result.outputs ?? {};
  }
  const decisionId = String(outputs["0"].decision_id);
  const decision = h.platform.storage.getItem("decisions", decisionId) as Json | undefined;
  if (!decision || decision.outcome !== "approved") {
    throw new RehearsalError(
      `Cannot confirm the decision: "${decisionId}" is ${JSON.stringify(decision?.outcome)}`,
    );
  }
  const callback = h.callbacks.at(-1);
  if (!callback) throw new RehearsalError("Cannot confirm the callback: none was received");
  const verified = await verifyCallback(appPublicKey, callback.headers, callback.body, {
    service: "rehearsal-bot",
  });
  if (!verified.ok) throw new RehearsalError(`Cannot confirm the callback: ${verified.reason}`);
  return { steps: ran, decision, callback };
}
