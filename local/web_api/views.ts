/**
 * views.open / views.push / views.update: modals are stored per user and announced with a
 * `view` event; opening or pushing needs a fresh trigger id from an interaction.
 *
 * @module
 */
import type { ViewRecord } from "../storage/types.ts";
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

const VIEW_TYPES = new Set(["modal", "home"]);
/** Slack's limit of blocks in a modal. */
export const MAX_VIEW_BLOCKS = 100;

/**
 * Checks a view as views.open/push/update (and a `response_action` view) must give it; throws
 * Slack's `invalid_arguments` with the rule that failed.
 */
export function readView(args: Record<string, unknown>): Record<string, unknown> {
  const view = optObject(args, "view");
  if (!view) throw invalidArguments("missing required field: view");
  if (typeof view.type !== "string" || !VIEW_TYPES.has(view.type)) {
    throw invalidArguments('view.type must be "modal" or "home"');
  }
  if (view.type === "modal") {
    const title = view.title as Record<string, unknown> | undefined;
    if (typeof title?.text !== "string" || title.text.length === 0 || title.text.length > 24) {
      throw invalidArguments("view.title.text must be 1-24 characters");
    }
  }
  const blocks = view.blocks;
  if (!Array.isArray(blocks) || blocks.length > MAX_VIEW_BLOCKS) {
    throw invalidArguments(`view.blocks must be an array of at most ${MAX_VIEW_BLOCKS}`);
  }
  if (typeof view.private_metadata === "string" && view.private_metadata.length > 3000) {
    throw invalidArguments("view.private_metadata must be at most 3000 characters");
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
  const view = readView(args);
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
    const view = readView(args);
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
