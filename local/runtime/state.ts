/**
 * The runtime's own bookkeeping, kept in storage settings so that it survives a restart: the key
 * workflow tokens are derived with (a token names its function execution), which execution
 * posted a message or opened a modal (so interactions reach the right function), which execution
 * runs each step, which executions are suspended, and which modals are open.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Storage } from "../storage/types.ts";

const PREFIX = "runtime.";
const TOKEN_PREFIX = "xwfp-";
/** Setting (under PREFIX) holding the key workflow tokens are derived with. */
const TOKEN_KEY = "token_key";
const CHECKED_TOKENS_MAX = 4096;
/** Recently issued or verified workflow tokens (token → execution id), per storage. */
const CHECKED_TOKENS = new WeakMap<Storage, Map<string, string>>();
const TOKEN_PATTERN = /^xwfp-(Fx[A-Z0-9]+)-([0-9a-f]{48})$/;

/** An open modal: its id and the user who sees it. */
export interface OpenView {
  id: string;
  user: string;
}

/** Settings-backed runtime state. Every method reads or writes storage directly. */
export class RuntimeState {
  #storage: Storage;
  #key: string;
  #checked: Map<string, string>;

  /** Wraps `storage`. */
  constructor(storage: Storage) {
    this.#storage = storage;
    // Shared by every RuntimeState of one storage (the Web API's token table has its own).
    let checked = CHECKED_TOKENS.get(storage);
    if (!checked) CHECKED_TOKENS.set(storage, checked = new Map());
    this.#checked = checked;
    // Created here, at start, rather than on first use: a first use inside a storage
    // transaction that fails would keep a key in memory that was never saved.
    let key = this.#get(TOKEN_KEY);
    if (key === undefined) {
      key = Array.from(
        crypto.getRandomValues(new Uint8Array(32)),
        (b) => b.toString(16).padStart(2, "0"),
      ).join("");
      this.#set(TOKEN_KEY, key);
    }
    this.#key = key;
  }

  #get(key: string): string | undefined {
    return this.#storage.getSetting(PREFIX + key);
  }

  #set(key: string, value: string): void {
    this.#storage.setSetting(PREFIX + key, value);
  }

  /**
   * Issues the workflow token of an execution. The token names the execution and carries an
   * HMAC of its id under a key kept in storage, so it is checked without a stored row per token
   * and stays valid across restarts (as the per-token rows of earlier versions did).
   */
  issueToken(executionId: string): string {
    const token = `${TOKEN_PREFIX}${executionId}-${this.#mac(executionId)}`;
    this.#remember(token, executionId);
    return token;
  }

  // Every Web API call checks its token two or three times; recently checked tokens skip the
  // HMAC. Bounded, oldest first out; a miss just computes the HMAC again.
  #remember(token: string, executionId: string): void {
    if (this.#checked.size >= CHECKED_TOKENS_MAX) {
      this.#checked.delete(this.#checked.keys().next().value!);
    }
    this.#checked.set(token, executionId);
  }

  /** The execution a workflow token was issued to. */
  executionForToken(token: string): string | undefined {
    const known = this.#checked.get(token);
    if (known !== undefined) return known;
    const match = TOKEN_PATTERN.exec(token);
    if (!match) return this.#get(`token.${token}`); // issued by an earlier version
    const [, executionId, mac] = match;
    const expected = new TextEncoder().encode(this.#mac(executionId));
    if (!timingSafeEqual(new TextEncoder().encode(mac), expected)) return undefined;
    this.#remember(token, executionId);
    return executionId;
  }

  /** The workflow token of an execution. */
  tokenForExecution(executionId: string): string {
    return this.#get(`exec_token.${executionId}`) ?? this.issueToken(executionId);
  }

  #mac(executionId: string): string {
    return createHmac("sha256", this.#key).update(executionId).digest("hex").slice(0, 48);
  }

  /** Remembers that `executionId` posted the message `channel`/`ts`. */
  linkMessage(channel: string, ts: string, executionId: string): void {
    this.#set(`message.${channel}.${ts}`, executionId);
  }

  /** The execution that posted a message. */
  messageExecution(channel: string, ts: string): string | undefined {
    return this.#get(`message.${channel}.${ts}`);
  }

  /** Remembers that `executionId` opened (or pushed) the view `viewId`. */
  linkView(viewId: string, executionId: string): void {
    this.#set(`view.${viewId}`, executionId);
  }

  /** The execution that opened a view. */
  viewExecution(viewId: string): string | undefined {
    return this.#get(`view.${viewId}`);
  }

  /** Records the execution started for step `stepIndex` of run `runId`. */
  linkStep(runId: string, stepIndex: number, executionId: string): void {
    this.#set(`step.${runId}.${stepIndex}`, executionId);
  }

  /** The execution of a run's step, if it was started. */
  stepExecution(runId: string, stepIndex: number): string | undefined {
    return this.#get(`step.${runId}.${stepIndex}`);
  }

  /** Marks an execution as waiting for `functions.completeSuccess/Error` (`completed: false`). */
  markSuspended(executionId: string): void {
    this.#set(`suspended.${executionId}`, "1");
  }

  /** True when the execution's handler returned `completed: false`. */
  isSuspended(executionId: string): boolean {
    return this.#get(`suspended.${executionId}`) === "1";
  }

  /** When a scheduled trigger last fired (Unix ms). */
  lastFired(triggerId: string): number | undefined {
    const raw = this.#get(`schedule.${triggerId}`);
    return raw === undefined ? undefined : Number(raw);
  }

  /** Records that a scheduled trigger fired at `at` (Unix ms). */
  setLastFired(triggerId: string, at: number): void {
    this.#set(`schedule.${triggerId}`, String(at));
  }

  /** Open modals, oldest first. */
  openViews(): OpenView[] {
    const raw = this.#get("open_views");
    return raw ? JSON.parse(raw) as OpenView[] : [];
  }

  /** Adds an open modal. */
  addOpenView(view: OpenView): void {
    const views = this.openViews().filter((v) => v.id !== view.id);
    views.push(view);
    this.#set("open_views", JSON.stringify(views));
  }

  /** Removes open modals by id. */
  removeOpenViews(ids: string[]): void {
    const drop = new Set(ids);
    this.#set("open_views", JSON.stringify(this.openViews().filter((v) => !drop.has(v.id))));
  }
}
