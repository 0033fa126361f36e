/**
 * The local platform's request router: the Web API, webhook triggers, the page's `/_local/*`
 * endpoints and its static files, each error answered without taking the server down.
 *
 * @module
 */
import type { Engine } from "./runtime/engine.ts";
import { observeApiCall } from "./runtime/interactivity.ts";
import type { WebApi } from "./web_api/mod.ts";
import { parseRequest } from "./web_api/http.ts";
import { type ApiRateLimiter, rateLimitedResponse } from "./web_api/rate_limits.ts";
import { handleLocal, json } from "./_local_routes.ts";
import { serveStatic } from "./_static.ts";
import { handleWebhook } from "./_webhook.ts";

/** What the router dispatches to. */
export interface RouterParts {
  api: WebApi;
  apiLimiter?: ApiRateLimiter;
  engine: Engine;
  webhookCtx: Parameters<typeof handleWebhook>[0];
  localCtx: Parameters<typeof handleLocal>[0];
  /** Host header values the page's endpoints accept (DNS rebinding defence). */
  pageHosts: Set<string>;
  allowRemote: boolean;
  log: (line: string) => void;
}

/** The server's request handler. */
export function createRouter(parts: RouterParts): (req: Request) => Promise<Response> {
  const { api, apiLimiter, engine, webhookCtx, localCtx, pageHosts, allowRemote, log } = parts;
  return async (req) => {
    const reqUrl = new URL(req.url);
    const path = reqUrl.pathname;
    try {
      if (path.startsWith("/api/")) {
        const parsed = await parseRequest(req);
        if (!parsed.ok) return json({ ok: false, error: parsed.error });
        const retryAfter = apiLimiter?.check(parsed.method, parsed.args);
        if (retryAfter !== undefined) return rateLimitedResponse(retryAfter);
        const result = await api.call(parsed.method, parsed.args, parsed.token ?? "");
        observeApiCall(engine, parsed.method, parsed.token, parsed.args, result);
        return json(result);
      }
      if (path.startsWith("/triggers/")) return await handleWebhook(webhookCtx, req, path);
      // The page's endpoints act as any user: refuse other Host names (DNS rebinding).
      if (!allowRemote && !pageHosts.has(req.headers.get("host") ?? "")) {
        return json({ ok: false, error: "Cannot serve: unexpected Host header" }, 403);
      }
      if (path.startsWith("/_local/")) {
        const response = (await handleLocal(localCtx, req, reqUrl)) ??
          json({ ok: false, error: "not_found" }, 404);
        // What the page did (a click, a posted message, a form) is kept before it is answered.
        await localCtx.storage.committed();
        return response;
      }
      const file = req.method === "GET" ? await serveStatic(path) : undefined;
      return file ?? json({ ok: false, error: "not_found" }, 404);
    } catch (error) {
      log(`error: Cannot handle ${req.method} ${path}: ${(error as Error).message}`);
      return json({ ok: false, error: "internal_error" }, 500);
    }
  };
}
