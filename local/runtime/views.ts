/**
 * Modal interactivity: `view_submission` and `view_closed` delivered to the function execution
 * that opened the modal, and the modal stack updated from the handler's `response_action`
 * (`errors` goes back to the page; `update`, `push`, `clear` and the default close are applied).
 *
 * @module
 */
import type { ViewRecord } from "../storage/types.ts";
import { randomHex, randomId } from "../web_api/context.ts";
import { deliverBuiltinView, isBuiltin } from "./builtins.ts";
import type { Engine } from "./engine.ts";
import {
  awaitDelivery,
  envelope,
  executionRef,
  type InteractionResult,
  report,
} from "./interactivity.ts";
import { payloadView, viewBody } from "./payloads.ts";
import { clientErrors, viewStateValues } from "./view_state.ts";
import { viewProblems } from "../web_api/block_kit.ts";

/** A modal submission as the page reports it. */
export interface ViewSubmitRequest {
  user: string;
  view_id: string;
  /** `{ <block_id>: { <action_id>: { type, value } } }`, Slack's `state.values`. */
  values?: Record<string, unknown>;
}

/** Emitted on the engine's events as `view_closed`. */
export interface ViewClosedDetail {
  user: string;
  view_id: string;
}

function closeViews(engine: Engine, user: string, ids: string[]): void {
  engine.state.removeOpenViews(ids);
  for (const id of ids) {
    engine.events.dispatchEvent(
      new CustomEvent("view_closed", { detail: { user, view_id: id } satisfies ViewClosedDetail }),
    );
  }
}

/** The open modal stack of `user` ending at `viewId` (pushed views follow their parents). */
function stackOf(engine: Engine, user: string): string[] {
  return engine.state.openViews().filter((v) => v.user === user).map((v) => v.id);
}

/** Open modals of a user, as stored, oldest first. */
export function openViewsFor(engine: Engine, user: string): ViewRecord[] {
  return stackOf(engine, user)
    .map((id) => engine.opts.storage.getView(id))
    .filter((v): v is ViewRecord => v !== undefined);
}

/** Slack's `response_action` values for a `view_submission`. */
const RESPONSE_ACTIONS = new Set(["errors", "update", "push", "clear"]);
/** Slack keeps at most three views in a modal stack. */
export const MAX_STACK = 3;

/**
 * Why `errors` is not what Slack accepts, or `undefined`: an object whose every key is the
 * block id of an input block of the submitted view and every value a non-empty string.
 */
function errorsProblem(record: ViewRecord, errors: unknown): string | undefined {
  if (!errors || typeof errors !== "object" || Array.isArray(errors)) {
    return "errors must be an object of block_id → message";
  }
  const blocks = Array.isArray(record.view.blocks) ? record.view.blocks : [];
  const inputs = new Set(
    blocks.filter((b) => b?.type === "input" && typeof b.block_id === "string")
      .map((b) => b.block_id as string),
  );
  const entries = Object.entries(errors);
  if (entries.length === 0) return "errors is empty";
  for (const [blockId, message] of entries) {
    if (!inputs.has(blockId)) return `errors names ${JSON.stringify(blockId)}, no input block`;
    if (typeof message !== "string" || message === "") {
      return `errors.${blockId} must be a non-empty string`;
    }
  }
  return undefined;
}

function applyResponse(
  engine: Engine,
  record: ViewRecord,
  response: Record<string, unknown>,
): InteractionResult {
  const action = response.response_action;
  const storage = engine.opts.storage;
  const refuse = (why: string): InteractionResult => {
    // Slack shows the person a generic failure in the modal and keeps it open.
    engine.log(`view_submission response refused: ${why}`);
    return { ok: false, error: `invalid_response: ${why}` };
  };
  if (action === "errors") {
    const problem = errorsProblem(record, response.errors);
    if (problem) return refuse(problem);
    return {
      ok: false,
      error: "validation_errors",
      errors: response.errors as Record<string, string>,
    };
  }
  if (action !== undefined && !RESPONSE_ACTIONS.has(String(action))) {
    return refuse(`unknown response_action ${JSON.stringify(action)}`);
  }
  const now = engine.now();
  if (action === "update" || action === "push") {
    const given = response.view;
    if (!given || typeof given !== "object" || Array.isArray(given)) {
      return refuse(`${action}: missing required field: view`);
    }
    const view = given as Record<string, unknown>;
    // Slack checks a view given in a response_action as views.update/push would.
    const problems = viewProblems(view, engine.opts.relax);
    if (problems.length > 0) {
      engine.log(`view_submission response_action "${action}" refused: ${problems.join(" ")}`);
      return { ok: false, error: `invalid_arguments: ${problems.join(" ")}` };
    }
    if (action === "push" && stackOf(engine, record.user).length >= MAX_STACK) {
      return refuse(`push: a modal stack holds at most ${MAX_STACK} views`);
    }
    const next: ViewRecord = action === "update"
      ? { ...record, view, hash: `${Math.floor(now / 1000)}.${randomHex(4)}`, updated: now }
      : {
        id: randomId("V"),
        user: record.user,
        view,
        previous_view_id: record.id,
        hash: `${Math.floor(now / 1000)}.${randomHex(4)}`,
        created: now,
        updated: now,
      };
    storage.putView(next);
    const executionId = engine.state.viewExecution(record.id);
    if (executionId) engine.state.linkView(next.id, executionId);
    engine.state.addOpenView({ id: next.id, user: next.user });
    engine.events.dispatchEvent(
      new CustomEvent("view", { detail: { op: action, user: next.user, view: next } }),
    );
    return { ok: true, response };
  }
  // `clear` closes the whole stack; no response action closes the submitted view.
  closeViews(engine, record.user, action === "clear" ? stackOf(engine, record.user) : [record.id]);
  return { ok: true, response };
}

/** Delivers a `view_submission` to the execution that opened the modal. Never throws. */
export async function submitView(
  engine: Engine,
  req: ViewSubmitRequest,
): Promise<InteractionResult> {
  return await deliverView(engine, "view_submission", req.user, req.view_id, req.values ?? {});
}

/** Closes a modal; delivers `view_closed` when the view asked for it (`notify_on_close`). */
export async function closeView(
  engine: Engine,
  req: { user: string; view_id: string },
): Promise<InteractionResult> {
  return await deliverView(engine, "view_closed", req.user, req.view_id, {});
}

async function deliverView(
  engine: Engine,
  type: "view_submission" | "view_closed",
  userId: string,
  viewId: string,
  values: Record<string, unknown>,
): Promise<InteractionResult> {
  const { storage, identity, api } = engine.opts;
  const user = storage.getUser(userId);
  if (!user) return { ok: false, error: "user_not_found" };
  const record = storage.getView(viewId);
  const open = engine.state.openViews().some((v) => v.id === viewId);
  if (!record || record.user !== user.id || !open) return { ok: false, error: "view_not_found" };
  const executionId = engine.state.viewExecution(record.id);
  const execution = executionId ? storage.getExecution(executionId) : undefined;
  const ref = execution && executionRef(engine, execution);
  if (type === "view_closed") {
    closeViews(engine, user.id, [record.id]);
    // Slack only sends view_closed for views opened with notify_on_close: true.
    if (record.view.notify_on_close !== true || !execution || !ref) return { ok: true };
  } else if (!execution || !ref) {
    return { ok: false, error: "no_function_for_view" };
  }
  const state = viewStateValues(record.view.blocks, values);
  if (type === "view_submission") {
    // What a Slack client would not submit never reaches the app.
    const errors = clientErrors(record.view.blocks, state);
    if (Object.keys(errors).length > 0) return { ok: false, error: "validation_errors", errors };
  }
  const triggerId = api.registerInteraction(user.id);
  if (isBuiltin(execution.callback_id)) {
    // Slack's own form step: no app module; the platform completes the step itself.
    const result = await deliverBuiltinView(engine.opts, {
      type,
      callbackId: execution.callback_id,
      executionId: execution.id,
      token: ref.token,
      inputs: execution.inputs,
      user: user.id,
      values: state,
      pointer: triggerId,
      started: execution.started,
    });
    if (type === "view_closed" || !result.ok) return result;
    return applyResponse(engine, record, {});
  }
  await awaitDelivery(engine);
  const view = payloadView(identity, record, state);
  const body = viewBody(identity, type, {
    execution: ref,
    user: { id: user.id, name: user.name },
    view,
    triggerId,
  });
  const result = await engine.runner.run({
    callbackId: execution.callback_id,
    envelope: envelope(engine, ref, body),
    limitMs: engine.interactivityTimeoutMs,
  });
  const reported = report(engine, type, result);
  if (type === "view_closed" || !reported.ok || result.status !== "handled") {
    // A failed or unhandled submission leaves the modal open, as Slack shows an error in it.
    return reported;
  }
  return applyResponse(engine, record, result.response);
}
