/**
 * Runs the app's function handlers on their own threads (Deno workers), as Slack runs each
 * function in its own Deno process rather than inside the platform.
 *
 * Why: the thread that serves the Web API, the webhooks and the page and keeps the data is then
 * free of app code. On a machine with two cores the platform and the app each get one, and a
 * handler that blocks its thread (a CPU loop) no longer freezes the Web API it is calling: once
 * one of its calls has run past Slack's time limit and the thread does not answer a ping, the
 * thread is stopped, its calls fail with the reason, and the next call starts a fresh thread.
 *
 * The pool hands the runtime stand-in modules whose handlers forward each call (structured
 * clones of the same arguments and results), so the runtime's dispatch — handler lookup,
 * `unhandledEvent`, time limits, result checks — is the same whichever thread runs the code.
 *
 * @module
 */
import {
  type FunctionModule,
  functionModule,
  type Handler,
  importFailed,
  type LoadedApp,
} from "./app.ts";
import type { PoolRequest, PoolResponse } from "./_handler_protocol.ts";

/** Options of {@linkcode HandlerPool}. */
export interface HandlerPoolOptions {
  /** The app whose function modules the threads import. */
  app: LoadedApp;
  /** Number of threads (default: one per core but one, at least one). */
  size?: number;
  /** Hosts the app may fetch (the manifest's outgoing domains and the platform's own). */
  hosts: string[];
  /** Slack's limit for a handler (`default`) and for interactivity handlers, in ms. */
  limits: { default: number; interactive: number };
  /** Where to report a thread that was stopped (default: nowhere). */
  log?: (line: string) => void;
}

/** How long a thread past a time limit has to answer a ping before it is stopped. */
const PING_MS = 1000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer?: ReturnType<typeof setTimeout>;
}

class Thread {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  stopped = false;
  /** A call ran past its limit and the thread has not answered a ping since. */
  suspect = false;

  constructor(hosts: string[], onExit: (thread: Thread, why: string) => void) {
    this.worker = new Worker(new URL("./_handler_worker.ts", import.meta.url), { type: "module" });
    this.worker.onmessage = (event: MessageEvent<PoolResponse>) => {
      const message = event.data;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.type === "error") {
        const error = new Error(message.error.message);
        error.name = message.error.name;
        waiting.reject(error);
      } else {
        waiting.resolve(message.type === "result" ? message.value : message);
      }
    };
    this.worker.onerror = (event) => {
      // Not handled here, the error would end the platform too.
      event.preventDefault();
      onExit(this, `it failed: ${event.message}`);
    };
    this.send({ type: "init", hosts });
  }

  send(message: PoolRequest): void {
    this.worker.postMessage(message);
  }

  /** Stops the thread and fails what it was running. */
  stop(why: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.worker.terminate();
    for (const waiting of this.pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error(`Cannot finish the handler: its thread was stopped because ${why}`));
    }
    this.pending.clear();
  }
}

/** Handler threads for one platform. Threads start on first use; {@linkcode close} stops them. */
export class HandlerPool {
  readonly #opts: HandlerPoolOptions;
  readonly #size: number;
  #threads: Thread[] = [];
  #nextId = 0;
  #modules = new Map<string, Promise<FunctionModule>>();
  #closed = false;

  /** Creates the pool; no thread starts until a handler is called. */
  constructor(opts: HandlerPoolOptions) {
    this.#opts = opts;
    this.#size = Math.max(1, opts.size ?? (navigator.hardwareConcurrency ?? 2) - 1);
  }

  /** A stand-in for the function's module whose handlers run on a pool thread. */
  loadFunction = (callbackId: string): Promise<FunctionModule> => {
    let module = this.#modules.get(callbackId);
    if (!module) {
      module = this.#describe(callbackId);
      this.#modules.set(callbackId, module);
      module.catch(() => this.#modules.delete(callbackId)); // a fixed file loads next time
    }
    return module;
  };

  /** Stops every thread; calls still running fail. */
  close(): void {
    this.#closed = true;
    for (const thread of this.#threads) thread.stop("the platform stopped");
    this.#threads = [];
  }

  async #describe(callbackId: string): Promise<FunctionModule> {
    const { url, sourceFile } = functionModule(this.#opts.app, callbackId);
    let loaded: { handlers: string[] };
    try {
      loaded = await this.#request({ type: "load", id: 0, url }) as { handlers: string[] };
    } catch (error) {
      throw importFailed(callbackId, sourceFile, error);
    }
    const module: Record<string, Handler> = {};
    for (const name of loaded.handlers) {
      module[name] = (args: unknown) => this.#request({ type: "call", id: 0, url, name, args });
    }
    return module as FunctionModule;
  }

  #request(message: Extract<PoolRequest, { type: "load" | "call" }>): Promise<unknown> {
    if (this.#closed) {
      return Promise.reject(new Error("Cannot call a handler: the platform stopped"));
    }
    const thread = this.#pick();
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      const waiting: Pending = { resolve, reject };
      if (message.type === "call") {
        const limit = message.name === "default"
          ? this.#opts.limits.default
          : this.#opts.limits.interactive;
        // Set after the runtime's own timer of the same length, so it fires just after it: the
        // step fails with the runtime's message, and no new call waits on a blocked thread.
        waiting.timer = setTimeout(() => this.#overdue(thread, id), limit);
      }
      thread.pending.set(id, waiting);
      thread.send({ ...message, id });
    });
  }

  /** The least busy responsive thread, starting one while fewer than `size` run. */
  #pick(): Thread {
    this.#threads = this.#threads.filter((t) => !t.stopped);
    const ready = this.#threads.filter((t) => !t.suspect);
    let best = ready[0];
    for (const thread of ready) if (thread.pending.size < best.pending.size) best = thread;
    if (best && (best.pending.size === 0 || ready.length >= this.#size)) return best;
    const thread = new Thread(this.#opts.hosts, (t, why) => this.#exit(t, why));
    this.#threads.push(thread);
    return thread;
  }

  /**
   * Call `id` ran past its limit (the runtime has already failed it): forget it, and stop the
   * thread unless it still answers. Until it does, new calls go to another thread.
   */
  #overdue(thread: Thread, id: number): void {
    const call = thread.pending.get(id);
    if (!call || thread.stopped) return;
    thread.pending.delete(id);
    call.reject(new Error("Cannot finish the handler: it ran past its time limit"));
    thread.suspect = true;
    const ping = ++this.#nextId;
    const timer = setTimeout(() => {
      thread.pending.delete(ping);
      this.#exit(thread, `it stayed blocked past the time limit (no answer within ${PING_MS} ms)`);
    }, PING_MS);
    thread.pending.set(ping, { resolve: () => thread.suspect = false, reject: () => {}, timer });
    thread.send({ type: "ping", id: ping });
  }

  #exit(thread: Thread, why: string): void {
    this.#opts.log?.(`handler thread stopped: ${why}`);
    thread.stop(why);
  }
}
