/**
 * views.open / views.push / views.update: modals are stored per user and announced with a
 * `view` event; opening or pushing needs a fresh trigger id from an interaction.
 *
 * @module
 */
import type { ViewRecord } from "../storage/types.ts";
import { viewProblems } from "./block_kit.ts";
import type { ViewEventDetail } from "./events.ts";
import {
  type ApiContext,
  invalidArguments,
  type Method,
  optObject,
  optString,
  randomHex,
  randomId,
  SlackError,
} from "./context.ts";

function readView(ctx: ApiContext, args: Record<string, unknown>): Record<string, unknown> {
  const view = optObject(args, "view");
  if (!view) throw invalidArguments("missing required field: view");
  const problems = viewProblems(view, ctx.relax);
  if (problems.length > 0) {
    throw new SlackError("invalid_arguments", { response_metadata: { messages: problems } });
  }
  return view;
}

/** The Slack API shape of a stored view. */
export function viewResponse(ctx: ApiContext, record: ViewRecord): Record<string, unknown> {
  return {
    ...record.view,
    id: record.id,
    team_id: ctx.caller.team_id,
    state: { values: {} },
    hash: record.hash,
    private_metadata: record.view.private_metadata ?? "",
    callback_id: record.view.callback_id ?? "",
    previous_view_id: record.previous_view_id ?? null,
    root_view_id: record.id,
    bot_id: `B${ctx.caller.user_id.slice(1)}`,
  };
}

function interactionUser(ctx: ApiContext, args: Record<string, unknown>): string {
  const pointer = optString(args, "trigger_id") ?? optString(args, "interactivity_pointer");
  if (!pointer) throw new SlackError("invalid_trigger_id");
  return ctx.consumeTrigger(pointer);
}

function store(ctx: ApiContext, record: ViewRecord, op: ViewEventDetail["op"]) {
  ctx.storage.putView(record);
  ctx.emit("view", { op, user: record.user, view: record });
  return { view: viewResponse(ctx, record) };
}

/** views.open and views.push: a new view for the user whose interaction the pointer names. */
function openView(ctx: ApiContext, args: Record<string, unknown>, op: "opened" | "pushed") {
  const view = readView(ctx, args);
  // A Home tab is published (views.publish), never opened or pushed as a modal is.
  if (view.type !== "modal") throw invalidArguments('view.type must be "modal"');
  const user = interactionUser(ctx, args);
  const now = ctx.now();
  return store(ctx, {
    id: randomId("V"),
    user,
    view,
    hash: `${Math.floor(now / 1000)}.${randomHex(4)}`,
    created: now,
    updated: now,
  }, op);
}

/** views.* methods by Slack name. */
export const viewMethods: Record<string, Method> = {
  "views.open": (ctx, args) => openView(ctx, args, "opened"),
  "views.push": (ctx, args) => openView(ctx, args, "pushed"),
  "views.update": (ctx, args) => {
    const view = readView(ctx, args);
    const viewId = optString(args, "view_id");
    const externalId = optString(args, "external_id");
    if (!viewId && !externalId) throw invalidArguments("missing required field: view_id");
    const existing = viewId ? ctx.storage.getView(viewId) : undefined;
    if (!existing) throw new SlackError("not_found");
    const hash = optString(args, "hash");
    if (hash !== undefined && hash !== existing.hash) throw new SlackError("hash_conflict");
    const now = ctx.now();
    return store(ctx, {
      ...existing,
      view,
      hash: `${Math.floor(now / 1000)}.${randomHex(4)}`,
      updated: now,
    }, "updated");
  },
};
