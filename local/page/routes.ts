/**
 * The page's JSON and Server-Sent Events endpoints under `/_local/` (docs/local_platform.md,
 * docs/page.md): workspace state, messages, runs, datastores, the call log, open modals, the emoji
 * font, and the interaction entry points that deliver real Slack payloads to the app.
 * `pageRoutes` lists them for the one route table (`http/router.ts`).
 *
 * @module
 */
import type { Storage } from "../storage/types.ts";
import type { LoadedApp } from "../runtime/app.ts";
import type { Engine } from "../runtime/engine.ts";
import { deliverBlockAction } from "../runtime/interactivity.ts";
import { closeView, openViewsFor, submitView } from "../runtime/views.ts";
import type { Route } from "../http/router.ts";
import { json, readJson, str } from "../http/json.ts";
import { serveEmojiFont } from "./emoji_font.ts";

/** What the page's panels and settings come from (a plugin's, or none). */
export interface PageConfig {
  panels: { id: string; title: string; module: string }[];
  stylesheet?: string;
  storageKey: string;
  defaultChannel?: string;
}

/** What the routes need from the platform. */
export interface LocalRouteContext {
  storage: Storage;
  engine: Engine;
  app: LoadedApp;
  team: { id: string; name: string };
  botUserId: string;
  page: PageConfig;
  /** Opens an SSE stream of platform events. */
  openEvents(): Response;
}

function limitParam(url: URL, fallback: number, max: number): number {
  const raw = Number(url.searchParams.get("limit") ?? fallback);
  return Number.isInteger(raw) && raw > 0 ? Math.min(raw, max) : fallback;
}

/** The runs list with each step's state, as the page shows it. */
export function runsView(ctx: LocalRouteContext, limit: number): unknown[] {
  return ctx.storage.listRuns(limit).map((run) => {
    const steps = ctx.app.manifest.workflows?.[run.workflow]?.steps ?? [];
    return {
      ...run,
      steps: steps.map((step, index) => {
        const executionId = ctx.engine.state.stepExecution(run.id, index);
        const execution = executionId ? ctx.storage.getExecution(executionId) : undefined;
        const callbackId = step.function_id.replace(/^#\/functions\//, "");
        if (!execution) return { index, callback_id: callbackId, status: "pending" };
        const waiting = execution.status === "running" &&
          ctx.engine.state.isSuspended(execution.id);
        return {
          index,
          callback_id: execution.callback_id,
          execution_id: execution.id,
          status: waiting ? "waiting" : execution.status,
          inputs: execution.inputs,
          ...(execution.outputs ? { outputs: execution.outputs } : {}),
          ...(execution.error ? { error: execution.error } : {}),
          started: execution.started,
          ...(execution.ended ? { ended: execution.ended } : {}),
        };
      }),
    };
  });
}

/** The page's routes (the router checks the Host header before any of them). */
export function pageRoutes(ctx: LocalRouteContext): Route[] {
  const { storage, engine } = ctx;
  const get = (path: string, handle: Route["handle"]): Route => ({ method: "GET", path, handle });
  const post = (path: string, handle: Route["handle"]): Route => ({ method: "POST", path, handle });
  return [
    get("/_local/state", () =>
      json({
        team: ctx.team,
        app: { name: ctx.app.name },
        users: storage.listUsers(),
        channels: storage.listChannels(),
        usergroups: storage.listUsergroups(),
        triggers: storage.listTriggers(),
        bot_user_id: ctx.botUserId,
        page: {
          panels: ctx.page.panels,
          stylesheet: ctx.page.stylesheet,
          storage_key: ctx.page.storageKey,
          default_channel: ctx.page.defaultChannel,
        },
      })),
    get("/_local/messages", (_req, url) => {
      const channel = url.searchParams.get("channel") ?? "";
      const as = url.searchParams.get("as") ?? "";
      if (!storage.getChannel(channel)) return json({ ok: false, error: "channel_not_found" }, 404);
      const messages = storage.listMessages(channel, limitParam(url, 500, 2000))
        .filter((m) => !m.ephemeral_to || m.ephemeral_to === as);
      return json({ messages });
    }),
    get("/_local/events", () => ctx.openEvents()),
    get(
      "/_local/emoji/:file",
      async (_req, _url, p) =>
        await serveEmojiFont(p.file) ?? json({ ok: false, error: "not_found" }, 404),
    ),
    get(
      "/_local/views",
      (_req, url) => json({ views: openViewsFor(engine, url.searchParams.get("as") ?? "") }),
    ),
    get("/_local/runs", (_req, url) => json({ runs: runsView(ctx, limitParam(url, 50, 500)) })),
    get("/_local/calls", (_req, url) => {
      const after = Number(url.searchParams.get("after") ?? 0);
      return json({
        calls: storage.listCalls(Number.isFinite(after) ? after : 0, limitParam(url, 500, 5000)),
      });
    }),
    get("/_local/datastores/:name([A-Za-z0-9_-]+)", (_req, url, params) => {
      const name = params.name;
      if (!ctx.app.manifest.datastores?.[name]) {
        return json({ ok: false, error: "datastore_not_found" }, 404);
      }
      const page = storage.scanItems(
        name,
        limitParam(url, 100, 1000),
        url.searchParams.get("cursor") || undefined,
      );
      return json({ items: page.items, next_cursor: page.next ?? "" });
    }),
    post("/_local/actions", (req) => actions(ctx, req)),
    post("/_local/shortcuts", (req) => shortcuts(ctx, req)),
    post("/_local/schedules/run", (req) => runSchedule(ctx, req)),
    post("/_local/views/submit", (req) => views(ctx, req, "submit")),
    post("/_local/views/close", (req) => views(ctx, req, "close")),
  ];
}

async function actions(ctx: LocalRouteContext, req: Request): Promise<Response> {
  const body = await readJson(req);
  if (body instanceof Response) return body;
  const user = str(body, "user"), channel = str(body, "channel");
  const ts = str(body, "message_ts"), actionId = str(body, "action_id");
  if (!user || !channel || !ts || !actionId) {
    return json({
      ok: false,
      error: "Cannot deliver action: user, channel, message_ts and action_id are required",
    }, 400);
  }
  return json(
    await deliverBlockAction(ctx.engine, {
      user,
      channel,
      message_ts: ts,
      action_id: actionId,
      block_id: str(body, "block_id") ?? "",
      value: str(body, "value"),
    }),
  );
}

async function shortcuts(ctx: LocalRouteContext, req: Request): Promise<Response> {
  const { storage, engine } = ctx;
  // A click on a link trigger (shortcut): the run gets Slack's `data` for link triggers, with
  // an interactivity pointer for the clicking user so a form can open.
  const body = await readJson(req);
  if (body instanceof Response) return body;
  const user = str(body, "user"), triggerId = str(body, "trigger_id");
  if (!user || !triggerId) {
    return json({ ok: false, error: "Cannot run shortcut: user and trigger_id are required" }, 400);
  }
  if (!storage.getUser(user)) return json({ ok: false, error: "user_not_found" }, 404);
  const trigger = storage.getTrigger(triggerId);
  if (!trigger || trigger.type !== "shortcut") {
    return json({ ok: false, error: "trigger_not_found" }, 404);
  }
  const pointer = engine.opts.api.registerInteraction(user);
  const run = engine.startRun(trigger, {
    user_id: user,
    interactivity: {
      interactor: { id: user, secret: `interactor-${pointer}` },
      interactivity_pointer: pointer,
    },
    event_timestamp: String(Math.floor(engine.now() / 1000)),
  });
  return json({ ok: true, run_id: run.id });
}

async function runSchedule(ctx: LocalRouteContext, req: Request): Promise<Response> {
  // "Run now" for a scheduled trigger (e.g. the expiry sweep), without waiting for its time.
  const body = await readJson(req);
  if (body instanceof Response) return body;
  const triggerId = str(body, "trigger_id");
  if (!triggerId) {
    return json({ ok: false, error: "Cannot run schedule: trigger_id is required" }, 400);
  }
  const trigger = ctx.storage.getTrigger(triggerId);
  if (!trigger || trigger.type !== "scheduled") {
    return json({ ok: false, error: "trigger_not_found" }, 404);
  }
  return json({ ok: true, run_id: ctx.engine.startRun(trigger, {}).id });
}

async function views(
  ctx: LocalRouteContext,
  req: Request,
  op: "submit" | "close",
): Promise<Response> {
  const body = await readJson(req);
  if (body instanceof Response) return body;
  const user = str(body, "user"), viewId = str(body, "view_id");
  if (!user || !viewId) {
    return json({ ok: false, error: "Cannot deliver view: user and view_id are required" }, 400);
  }
  if (op === "close") return json(await closeView(ctx.engine, { user, view_id: viewId }));
  const values = body.values;
  if (
    values !== undefined &&
    (typeof values !== "object" || values === null || Array.isArray(values))
  ) {
    return json({ ok: false, error: "Cannot deliver view: values must be an object" }, 400);
  }
  return json(
    await submitView(ctx.engine, {
      user,
      view_id: viewId,
      values: values as Record<string, unknown> | undefined,
    }),
  );
}
