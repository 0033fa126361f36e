/**
 * Messages between the handler pool (`handler_pool.ts`) and its threads (`_handler_worker.ts`).
 *
 * @module
 */
import type { HandlerName } from "./app.ts";

/** Handler names a function module may export besides its default handler. */
export const HANDLER_NAMES: readonly HandlerName[] = [
  "blockActions",
  "viewSubmission",
  "viewClosed",
  "unhandledEvent",
];

/** Pool → thread. */
export type PoolRequest =
  | { type: "init"; hosts: string[] }
  | { type: "ping"; id: number }
  | { type: "load"; id: number; url: string }
  | { type: "call"; id: number; url: string; name: string; args: unknown };

/** Thread → pool. */
export type PoolResponse =
  | { type: "pong"; id: number }
  | { type: "loaded"; id: number; handlers: string[] }
  | { type: "result"; id: number; value: unknown }
  | { type: "error"; id: number; error: { name: string; message: string } };
