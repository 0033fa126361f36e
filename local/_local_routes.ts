/**
 * The page's JSON and Server-Sent Events endpoints under `/_local/` (see the contract in the
 * README's "Local platform" section): workspace state, messages, runs, datastores, the call log,
 * open modals, and the interaction entry points that deliver real Slack payloads to the app.
 *
 * @module
 */
import type { Storage } from "./storage/types.ts";
import type { LoadedApp } from "./runtime/app.ts";
import type { Engine } from "./runtime/engine.ts";
import { deliverBlockAction } from "./runtime/interactivity.ts";
import { closeView, openViewsFor, submitView } from "./runtime/views.ts";
import type { DemoReceiver } from "./_demo.ts";
import { reportSvg } from "./_report.ts";

/** What the routes need from the platform. */
export interface LocalRouteContext {
  storage: Storage;
  engine: Engine;
  app: LoadedApp;
  team: { id: string; name: string };
  botUserId: string;
  receiver?: DemoReceiver;
  /** Opens an SSE stream of platform events. */
  openEvents(): Response;
}

const MAX_JSON_BYTES = 256 * 1024;

/** JSON response helper. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

async function readJson(req: Request): Promise<Record<string, unknown> | Response> {
  // Requiring JSON makes a cross-site form post impossible: browsers preflight it, and the
  // platform answers no preflight.
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    return json(
      { ok: false, error: "Cannot read request: content-type must be application/json" },
      415,
    );
  }
  const text = await req.text();
  if (text.length > MAX_JSON_BYTES) return json({ ok: false, error: "request_too_large" }, 413);
  try {
    const value = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value;
  } catch {
    // fall through
  }
  return json({ ok: false, error: "Cannot read request: body must be a JSON object" }, 400);
}

function str(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" && value.length <= 256 ? value : undefined;
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

/** Handles `/_local/*`; returns undefined for paths it does not know. */
export async function handleLocal(
  ctx: LocalRouteContext,
  req: Request,
  url: URL,
): Promise<Response | undefined> {
  const path = url.pathname;
  const { storage, engine } = ctx;
  if (req.method === "GET") {
    if (path === "/_local/state") {
      return json({
        team: ctx.team,
        users: storage.listUsers(),
        channels: storage.listChannels(),
        usergroups: storage.listUsergroups(),
        triggers: storage.listTriggers(),
        bot_user_id: ctx.botUserId,
      });
    }
    if (path === "/_local/messages") {
      const channel = url.searchParams.get("channel") ?? "";
      const as = url.searchParams.get("as") ?? "";
      if (!storage.getChannel(channel)) return json({ ok: false, error: "channel_not_found" }, 404);
      const messages = storage.listMessages(channel, limitParam(url, 500, 2000))
        .filter((m) => !m.ephemeral_to || m.ephemeral_to === as);
      return json({ messages });
    }
    if (path === "/_local/events") return ctx.openEvents();
    if (path === "/_local/views") {
      return json({ views: openViewsFor(engine, url.searchParams.get("as") ?? "") });
    }
    if (path === "/_local/runs") return json({ runs: runsView(ctx, limitParam(url, 50, 500)) });
    if (path === "/_local/calls") {
      const after = Number(url.searchParams.get("after") ?? 0);
      return json({
        calls: storage.listCalls(Number.isFinite(after) ? after : 0, limitParam(url, 500, 5000)),
      });
    }
    if (path === "/_local/callbacks") return json({ callbacks: ctx.receiver?.list() ?? [] });
    if (path === "/_local/report.svg") return reportSvg(storage, url);
    const ds = /^\/_local\/datastores\/([A-Za-z0-9_-]+)$/.exec(path);
    if (ds) {
      if (!ctx.app.manifest.datastores?.[ds[1]]) {
        return json({ ok: false, error: "datastore_not_found" }, 404);
      }
      const page = storage.scanItems(
        ds[1],
        limitParam(url, 100, 1000),
        url.searchParams.get("cursor") || undefined,
      );
      return json({ items: page.items, next_cursor: page.next ?? "" });
    }
    return undefined;
  }
  if (req.method !== "POST") return undefined;
  if (path === "/_local/demo-callback") {
    return ctx.receiver
      ? await ctx.receiver.handle(req)
      : json({ ok: false, error: "demo_receiver_unavailable" }, 404);
  }
  if (path === "/_local/actions") {
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
      await deliverBlockAction(engine, {
        user,
        channel,
        message_ts: ts,
        action_id: actionId,
        block_id: str(body, "block_id") ?? "",
        value: str(body, "value"),
      }),
    );
  }
  if (path === "/_local/shortcuts") {
    // A click on a link trigger (shortcut): the run gets Slack's `data` for link triggers, with
    // an interactivity pointer for the clicking user so a form can open.
    const body = await readJson(req);
    if (body instanceof Response) return body;
    const user = str(body, "user"), triggerId = str(body, "trigger_id");
    if (!user || !triggerId) {
      return json(
        { ok: false, error: "Cannot run shortcut: user and trigger_id are required" },
        400,
      );
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
  if (path === "/_local/schedules/run") {
    // "Run now" for a scheduled trigger (e.g. the expiry sweep), without waiting for its time.
    const body = await readJson(req);
    if (body instanceof Response) return body;
    const triggerId = str(body, "trigger_id");
    if (!triggerId) {
      return json({ ok: false, error: "Cannot run schedule: trigger_id is required" }, 400);
    }
    const trigger = storage.getTrigger(triggerId);
    if (!trigger || trigger.type !== "scheduled") {
      return json({ ok: false, error: "trigger_not_found" }, 404);
    }
    return json({ ok: true, run_id: engine.startRun(trigger, {}).id });
  }
  if (path === "/_local/views/submit" || path === "/_local/views/close") {
    const body = await readJson(req);
    if (body instanceof Response) return body;
    const user = str(body, "user"), viewId = str(body, "view_id");
    if (!user || !viewId) {
      return json({ ok: false, error: "Cannot deliver view: user and view_id are required" }, 400);
    }
    const values = body.values;
    if (path.endsWith("/close")) return json(await closeView(engine, { user, view_id: viewId }));
    if (
      values !== undefined &&
      (typeof values !== "object" || values === null || Array.isArray(values))
    ) {
      return json({ ok: false, error: "Cannot deliver view: values must be an object" }, 400);
    }
    return json(
      await submitView(engine, {
        user,
        view_id: viewId,
        values: values as Record<string, unknown> | undefined,
      }),
    );
  }
  return undefined;
}
