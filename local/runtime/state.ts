/**
 * The runtime's own bookkeeping, kept in storage settings so that it survives a restart: which
 * workflow token belongs to which function execution, which execution posted a message or
 * opened a modal (so interactions reach the right function), which execution runs each step,
 * which executions are suspended, and which modals are open.
 *
 * @module
 */
import type { Storage } from "../storage/types.ts";

const PREFIX = "runtime.";

/** An open modal: its id and the user who sees it. */
export interface OpenView {
  id: string;
  user: string;
}

/** Settings-backed runtime state. Every method reads or writes storage directly. */
export class RuntimeState {
  #storage: Storage;

  /** Wraps `storage`. */
  constructor(storage: Storage) {
    this.#storage = storage;
  }

  #get(key: string): string | undefined {
    return this.#storage.getSetting(PREFIX + key);
  }

  #set(key: string, value: string): void {
    this.#storage.setSetting(PREFIX + key, value);
  }

  /** Records the workflow token issued to an execution. */
  saveToken(executionId: string, token: string): void {
    this.#set(`token.${token}`, executionId);
    this.#set(`exec_token.${executionId}`, token);
  }

  /** The execution a workflow token was issued to. */
  executionForToken(token: string): string | undefined {
    return this.#get(`token.${token}`);
  }

  /** The workflow token of an execution. */
  tokenForExecution(executionId: string): string | undefined {
    return this.#get(`exec_token.${executionId}`);
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
