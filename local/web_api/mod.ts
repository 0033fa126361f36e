/**
 * The local platform's Slack Web API: one method table (`methods.ts`) and an HTTP edge that
 * speaks Slack's wire protocol, so the unchanged app and its SDK client talk to it as to Slack.
 *
 * Every call is logged through `storage.logCall` (secrets removed) and announced on `events`
 * as `call` once its entry is saved; state changes are announced as `message`, `view`, `datastore`, `trigger` and
 * `function_completed` events (`CustomEvent`s with the change in `detail`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { openSqliteStorage } from "../storage/sqlite.ts";
 *
 * const storage = openSqliteStorage(":memory:");
 * const tokens = { "xoxb-1": { user_id: "U0BOT", team_id: "T0TEAM" } };
 * const api = createWebApi({ storage, datastores: {}, tokens, baseUrl: "http://127.0.0.1:3000" });
 * // `api.handle` is the HTTP entry: `Deno.serve((req) => api.handle(req))` serves it.
 * const res = await api.handle(
 *   new Request("http://127.0.0.1:3000/api/auth.test", {
 *     method: "POST",
 *     headers: { authorization: "Bearer xoxb-1" },
 *   }),
 * );
 * assertEquals((await res.json()).user_id, "U0BOT");
 * storage.close();
 * ```
 *
 * @module
 */
import { DatastoreError } from "../datastore/mod.ts";
import type { DatastoreDefinition } from "../datastore/mod.ts";
import type { Storage } from "../storage/types.ts";
import {
  type ApiContext,
  type Caller,
  randomHex,
  SlackError,
  type WebApiRelax,
} from "./context.ts";
import { parseRequest } from "./http.ts";
import { METHODS } from "./methods.ts";
import { rateLimitedResponse } from "./rate_limits.ts";
import { redactArgs } from "./redact.ts";
import { checkScopes } from "./scopes.ts";
import { StaleReads } from "./stale_reads.ts";

export { METHODS } from "./methods.ts";
export {
  type ApiContext,
  type Caller,
  type Method,
  SlackError,
  type WebApiRelax,
} from "./context.ts";
export type * from "./events.ts";

/** How long a trigger id from {@linkcode WebApi.registerInteraction} stays usable (Slack: 3 s). */
export const TRIGGER_ID_TTL_MS = 3000;

/** Storage setting holding the last message timestamp issued, in microseconds. */
export const LAST_TS_SETTING = "web_api.last_ts_micros";

/** Options of {@linkcode createWebApi}. */
export interface WebApiOptions {
  storage: Storage;
  /** The app's datastores, as in `manifest.datastores`. */
  datastores: Record<string, DatastoreDefinition>;
  /** Accepted bearer tokens and whom they authenticate. */
  tokens: Record<string, Caller>;
  /** Public base URL of the platform (webhook URLs are built from it). */
  baseUrl: string;
  /** Clock in Unix milliseconds; defaults to `Date.now`. */
  now?: () => number;
  /**
   * Slack's Web API tiers for HTTP calls: a limiter answering the seconds to wait (HTTP 429 +
   * Retry-After) or undefined. Default: none.
   */
  limiter?: { check(method: string, args: Record<string, unknown>): number | undefined };
  /** Slack-strict assumptions to relax (default: none, see `WebApiRelax`). */
  relax?: WebApiRelax;
  /**
   * Make `apps.datastore.query` eventually consistent: it misses writes younger than this many
   * ms on the `now` clock (see `stale_reads.ts`). Default 0: every query sees every write.
   */
  eventualConsistencyMs?: number;
  /**
   * Latency mode: every HTTP call waits this long (on `sleep`) before Slack would see it, as a
   * call from Slack's hosted runtime takes time to arrive. Default 0 (off).
   */
  latencyMs?: number;
  /** How the latency is waited (default: a timer); tests pass their clock's `sleep`. */
  sleep?: (ms: number) => Promise<void>;
  /** Told of every answered HTTP call (the runtime links posted messages to executions). */
  observe?: (
    method: string,
    token: string | undefined,
    args: Record<string, unknown>,
    result: Record<string, unknown>,
  ) => void;
}

/** The Web API. */
export interface WebApi {
  /** Serves `POST|GET …/api/<method>`; every Slack-level error is HTTP 200 `{ok:false}`. */
  handle(req: Request): Promise<Response>;
  /** Calls a method in-process, with the same auth, logging and events as over HTTP. */
  call(
    method: string,
    args: Record<string, unknown>,
    token: string,
  ): Promise<Record<string, unknown>>;
  /** Receives `call`, `message`, `view`, `datastore`, `trigger`, `function_completed` events. */
  events: EventTarget;
  /** Issues a trigger id (also usable as `interactivity_pointer`) for `userId`, valid ~3 s. */
  registerInteraction(userId: string): string;
}

/** Creates the Web API over `opts.storage`. */
export function createWebApi(opts: WebApiOptions): WebApi {
  const now = opts.now ?? Date.now;
  const latencyMs = opts.latencyMs ?? 0;
  const sleep = opts.sleep ?? ((ms: number) => new Promise((done) => setTimeout(done, ms)));
  const events = new EventTarget();
  const interactions = new Map<string, { user: string; expires: number; used: boolean }>();
  const staleReads = opts.eventualConsistencyMs
    ? new StaleReads(opts.eventualConsistencyMs, now)
    : undefined;
  // Persisted so message timestamps keep increasing across restarts, even with a fixed clock.
  let lastMicros = Number(opts.storage.getSetting(LAST_TS_SETTING) ?? "0") || 0;

  const emit = (type: string, detail: unknown) => {
    events.dispatchEvent(new CustomEvent(type, { detail }));
  };
  const nextTs = () => {
    lastMicros = Math.max(Math.floor(now() * 1000), lastMicros + 1);
    opts.storage.setSetting(LAST_TS_SETTING, String(lastMicros));
    const seconds = Math.floor(lastMicros / 1_000_000);
    return `${seconds}.${String(lastMicros % 1_000_000).padStart(6, "0")}`;
  };
  const consumeTrigger = (triggerId: string): string => {
    const entry = interactions.get(triggerId);
    if (!entry) throw new SlackError("invalid_trigger_id");
    if (entry.used) throw new SlackError("exchanged_trigger_id");
    if (now() > entry.expires) throw new SlackError("expired_trigger_id");
    entry.used = true;
    return entry.user;
  };

  const failure = (method: string, error: unknown): Record<string, unknown> => {
    if (error instanceof SlackError) return { ok: false, error: error.code, ...error.extra };
    if (error instanceof DatastoreError) {
      return { ok: false, error: "datastore_error", errors: error.errors };
    }
    console.error(`Cannot run ${method}: ${error instanceof Error ? error.message : error}`);
    return { ok: false, error: "internal_error" };
  };

  function run(
    method: string,
    args: Record<string, unknown>,
    token: string | undefined,
    emitted: ApiContext["emit"],
  ): Record<string, unknown> | Promise<Record<string, unknown>> {
    const handler = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
    if (!handler) return { ok: false, error: "unknown_method" };
    if (!token) return { ok: false, error: "not_authed" };
    const caller = Object.hasOwn(opts.tokens, token) ? opts.tokens[token] : undefined;
    if (!caller) return { ok: false, error: "invalid_auth" };
    const ctx: ApiContext = {
      storage: opts.storage,
      datastores: opts.datastores,
      caller,
      baseUrl: opts.baseUrl,
      now,
      emit: emitted,
      nextTs,
      consumeTrigger,
      relax: opts.relax ?? {},
      staleReads,
    };
    try {
      if (caller.scopes) checkScopes(method, caller.scopes);
      const answer = handler(ctx, args);
      if (answer instanceof Promise) {
        return answer.then((value) => ({ ok: true, ...value }), (error) => failure(method, error));
      }
      return { ok: true, ...answer };
    } catch (error) {
      return failure(method, error);
    }
  }

  // A call's writes are saved as they happen (storage commits each one), so its events are
  // announced as they happen; the `call` event follows with the saved log entry.
  async function call(
    method: string,
    args: Record<string, unknown>,
    token: string | undefined,
  ): Promise<Record<string, unknown>> {
    const started = performance.now();
    let result: Record<string, unknown>;
    try {
      result = await run(method, args, token, emit);
      const logged = opts.storage.logCall({
        at: now(),
        method,
        args: redactArgs(args),
        ok: result.ok === true,
        ...(result.ok === true ? {} : { error: String(result.error) }),
        ms: Math.round((performance.now() - started) * 100) / 100,
      });
      emit("call", logged);
    } catch (error) {
      result = failure(method, error);
    }
    return result;
  }

  return {
    events,
    call,
    async handle(req: Request): Promise<Response> {
      let result: Record<string, unknown>;
      try {
        const parsed = await parseRequest(req);
        if (!parsed.ok) return Response.json({ ok: false, error: parsed.error });
        // The delay comes first: the call reaches Slack (its trigger_id check, its rate limits)
        // only after it.
        if (latencyMs > 0) await sleep(latencyMs);
        const retryAfter = opts.limiter?.check(parsed.method, parsed.args);
        if (retryAfter !== undefined) return rateLimitedResponse(retryAfter);
        result = await call(parsed.method, parsed.args, parsed.token);
        opts.observe?.(parsed.method, parsed.token, parsed.args, result);
      } catch (error) {
        // Even a broken request or storage answers the Slack way instead of an HTTP 500.
        console.error(`Cannot handle ${new URL(req.url).pathname}: ${String(error)}`);
        result = { ok: false, error: "internal_error" };
      }
      return Response.json(result, { status: 200 });
    },
    registerInteraction(userId: string): string {
      const at = now();
      for (const [id, entry] of interactions) {
        if (entry.expires < at) interactions.delete(id);
      }
      const id = `${Math.floor(at / 1000)}.${Math.floor(Math.random() * 1e12)}.${randomHex(16)}`;
      interactions.set(id, { user: userId, expires: at + TRIGGER_ID_TTL_MS, used: false });
      return id;
    },
  };
}
