/**
 * A handler thread (see `handler_pool.ts`): imports the app's function modules and runs their
 * handlers, so app code never runs on the thread that serves the Web API and stores the data.
 *
 * Messages in: `init` (the hosts the app may fetch), `load` (a module URL), `call` (a handler
 * name and its arguments), `ping`. Messages out: `loaded` (which handlers the module has),
 * `result`, `error` (name and message, so `UnhandledEventError` keeps its meaning), `pong`.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { registerOutgoingDomains } from "./outgoing.ts";
import type { FunctionModule, Handler } from "./app.ts";
import { findHandler } from "./dispatch.ts";
import { HANDLER_NAMES, type PoolRequest, type PoolResponse } from "./_handler_protocol.ts";

const modules = new Map<string, Promise<FunctionModule>>();

/** The module at `url`, imported once per thread; a failed import is tried again next time. */
function load(url: string): Promise<FunctionModule> {
  let loading = modules.get(url);
  if (!loading) {
    loading = import(url) as Promise<FunctionModule>;
    modules.set(url, loading);
    loading.catch(() => modules.delete(url));
  }
  return loading;
}

function reply(message: PoolResponse): void {
  try {
    self.postMessage(message);
  } catch (error) {
    // A result that cannot be copied (a function, a class instance with private state …) would
    // not survive Slack's JSON either: the call fails with the reason instead of hanging.
    self.postMessage(
      {
        type: "error",
        id: message.id,
        error: {
          name: "Error",
          message: `Cannot return the handler's result: ${(error as Error).message}`,
        },
      } satisfies PoolResponse,
    );
  }
}

function failure(id: number, error: unknown): PoolResponse {
  const e = error instanceof Error ? error : new Error(String(error));
  return { type: "error", id, error: { name: e.name, message: e.message } };
}

function handlerOf(module: FunctionModule, name: string): Handler | undefined {
  if (name === "default") return typeof module.default === "function" ? module.default : undefined;
  return findHandler(module, name as (typeof HANDLER_NAMES)[number]);
}

async function handle(message: PoolRequest): Promise<void> {
  switch (message.type) {
    case "init":
      registerOutgoingDomains(message.hosts);
      return;
    case "ping":
      return reply({ type: "pong", id: message.id });
    case "load": {
      try {
        const module = await load(message.url);
        const names = ["default", ...HANDLER_NAMES].filter((n) => handlerOf(module, n));
        return reply({ type: "loaded", id: message.id, handlers: names });
      } catch (error) {
        return reply(failure(message.id, error));
      }
    }
    case "call": {
      try {
        const handler = handlerOf(await load(message.url), message.name);
        if (!handler) {
          throw new Error(`Cannot call ${message.name}: the module has no such handler`);
        }
        const value = await handler(message.args);
        return reply({ type: "result", id: message.id, value });
      } catch (error) {
        return reply(failure(message.id, error));
      }
    }
  }
}

self.onmessage = (event: MessageEvent<PoolRequest>) => void handle(event.data);

// App code that leaves a promise rejected after its handler returned would end the thread (and
// every call on it); Slack's runtime logs it and the invocation's result stands.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  console.error(`error: a function left a rejected promise: ${String(event.reason)}`);
});
