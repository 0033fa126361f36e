/**
 * The platform's one route table (URLPattern): the Web API, webhook triggers, the page's
 * `/_local/*` endpoints, plugin routes and static files. Every error is answered without taking
 * the server down.
 *
 * @module
 */
import { json } from "./json.ts";

/** One route: a method and a URLPattern pathname (named groups reach `params`). */
export interface Route {
  method: "GET" | "POST" | "*";
  path: string;
  handle(
    req: Request,
    url: URL,
    params: Record<string, string>,
  ): Response | Promise<Response | undefined> | undefined;
}

/** What the router dispatches to. */
export interface RouterParts {
  /** Routes that anyone may call whatever the Host header: the Web API and webhooks. */
  open: Route[];
  /** The page's routes (its own, the plugin's, static files): Host-checked. */
  page: Route[];
  /** Host header values the page's endpoints accept (DNS rebinding defence). */
  pageHosts: Set<string>;
  allowRemote: boolean;
  log: (line: string) => void;
}

interface Compiled {
  route: Route;
  pattern: URLPattern;
}

/** The server's request handler. */
export function createRouter(parts: RouterParts): (req: Request) => Promise<Response> {
  const compile = (route: Route): Compiled => ({
    route,
    pattern: new URLPattern({ pathname: route.path }),
  });
  const openRoutes = parts.open.map(compile);
  const pageRoutes = parts.page.map(compile);
  const dispatch = async (
    compiled: Compiled[],
    req: Request,
    url: URL,
  ): Promise<Response | undefined> => {
    for (const { route, pattern } of compiled) {
      if (route.method !== "*" && route.method !== req.method) continue;
      const match = pattern.exec({ pathname: url.pathname });
      if (!match) continue;
      const params = Object.fromEntries(
        Object.entries(match.pathname.groups).map(([k, v]) => [k, v ?? ""]),
      );
      const response = await route.handle(req, url, params);
      if (response) return response;
    }
    return undefined;
  };
  return async (req) => {
    const url = new URL(req.url);
    try {
      const open = await dispatch(openRoutes, req, url);
      if (open) return open;
      // The page's endpoints act as any user: refuse other Host names (DNS rebinding).
      if (!parts.allowRemote && !parts.pageHosts.has(req.headers.get("host") ?? "")) {
        return json({ ok: false, error: "Cannot serve: unexpected Host header" }, 403);
      }
      const page = await dispatch(pageRoutes, req, url);
      if (page) return page;
      await req.body?.cancel();
      return json({ ok: false, error: "not_found" }, 404);
    } catch (error) {
      parts.log(`error: Cannot handle ${req.method} ${url.pathname}: ${(error as Error).message}`);
      return json({ ok: false, error: "internal_error" }, 500);
    }
  };
}
