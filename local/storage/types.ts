/**
 * The local platform's storage contract. The Web API, the runtime and the page only talk to
 * storage through this interface; `sqlite.ts` implements it with `node:sqlite` (a file in the
 * data folder, or `:memory:` for tests).
 *
 * Every method is synchronous: node:sqlite is synchronous, and a synchronous store makes
 * read-modify-write sequences inside one method atomic with respect to other requests, which is
 * what Slack's own server-side state transitions (e.g. a function execution completing once)
 * need.
 *
 * @module
 */

/** A datastore item: Slack items are flat JSON objects keyed by the datastore's primary key. */
export type Item = Record<string, unknown>;

/** A workspace member (seeded demo users, plus the app's bot user). */
export interface User {
  id: string;
  name: string;
  real_name: string;
  email?: string;
  is_bot?: boolean;
  is_admin?: boolean;
  tz?: string;
}

/** A channel or a DM (`is_im`), with its members. */
export interface Channel {
  id: string;
  name: string;
  is_im: boolean;
  members: string[];
  created: number;
}

/** A user group (`S…` id) and its members. */
export interface Usergroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
}

/** A message as stored; `ephemeral_to` set means only that user sees it. */
export interface Message {
  channel: string;
  ts: string;
  user: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  ephemeral_to?: string;
  edited_ts?: string;
  metadata?: unknown;
}

/** A trigger created through workflows.triggers.create (or from `triggers/` at start). */
export interface TriggerRecord {
  id: string;
  type: string;
  name: string;
  workflow: string;
  /** The whole trigger definition as given (inputs, webhook filter, schedule …). */
  definition: Record<string, unknown>;
  webhook_url?: string;
  created: number;
}

/** One workflow run and the state of each of its steps. */
export interface WorkflowRun {
  id: string;
  workflow: string;
  trigger_id?: string;
  inputs: Record<string, unknown>;
  status: "running" | "completed" | "failed";
  current_step: number;
  step_outputs: Record<string, Record<string, unknown>>;
  error?: string;
  started: number;
  ended?: number;
}

/** One custom function execution. `running` until completed once; the transition is atomic. */
export interface FunctionExecution {
  id: string;
  run_id?: string;
  step_index?: number;
  callback_id: string;
  inputs: Record<string, unknown>;
  status: "running" | "completed" | "failed";
  outputs?: Record<string, unknown>;
  error?: string;
  started: number;
  ended?: number;
}

/** One Web API call as logged (arguments with tokens removed). */
export interface CallLogEntry {
  seq: number;
  at: number;
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  ms: number;
}

/** A modal view opened through views.open / views.push / views.update. */
export interface ViewRecord {
  /** Slack-like view id (`V…`). */
  id: string;
  /** The user the modal is shown to. */
  user: string;
  /** The view payload as given (type, title, blocks, callback_id, private_metadata …). */
  view: Record<string, unknown>;
  /** The view this one was pushed on top of (views.push). */
  previous_view_id?: string;
  /** Changes on every update; views.update given a stale `hash` fails with `hash_conflict`. */
  hash: string;
  created: number;
  updated: number;
}

/** Result of a paged datastore scan: the items evaluated and where to resume. */
export interface ItemPage {
  items: Item[];
  /** Opaque cursor for the next page; absent at the end. */
  next?: string;
}

/** The storage interface behind the local platform. */
export interface Storage {
  // Datastores
  getItem(datastore: string, id: string): Item | undefined;
  putItem(datastore: string, id: string, item: Item): void;
  deleteItem(datastore: string, id: string): boolean;
  /** Items in primary-key order, starting after `cursor`, at most `limit` items. */
  scanItems(datastore: string, limit: number, cursor?: string): ItemPage;
  countItems(datastore: string): number;

  // Workspace directory
  listUsers(): User[];
  getUser(id: string): User | undefined;
  putUser(user: User): void;
  listChannels(): Channel[];
  getChannel(id: string): Channel | undefined;
  putChannel(channel: Channel): void;
  listUsergroups(): Usergroup[];
  getUsergroup(id: string): Usergroup | undefined;
  putUsergroup(group: Usergroup): void;

  // Messages
  addMessage(message: Message): void;
  getMessage(channel: string, ts: string): Message | undefined;
  updateMessage(message: Message): void;
  /** Removes a message; false when there was none. */
  deleteMessage(channel: string, ts: string): boolean;
  /** The channel's latest `limit` messages (all when omitted), oldest first. */
  listMessages(channel: string, limit?: number): Message[];

  // Views (modals)
  putView(view: ViewRecord): void;
  getView(id: string): ViewRecord | undefined;

  // Triggers, runs, executions
  putTrigger(trigger: TriggerRecord): void;
  getTrigger(id: string): TriggerRecord | undefined;
  /** All triggers, oldest first. */
  listTriggers(): TriggerRecord[];
  deleteTrigger(id: string): boolean;
  putRun(run: WorkflowRun): void;
  getRun(id: string): WorkflowRun | undefined;
  /** Runs, newest first. */
  listRuns(limit?: number): WorkflowRun[];
  putExecution(execution: FunctionExecution): void;
  getExecution(id: string): FunctionExecution | undefined;
  /**
   * Atomically moves a `running` execution to `completed`/`failed`. Returns false when it was not
   * running (Slack's `execution_not_in_running_state`), so two completions never both win.
   */
  finishExecution(
    id: string,
    result: { status: "completed" | "failed"; outputs?: Record<string, unknown>; error?: string },
  ): boolean;
  listExecutions(status?: FunctionExecution["status"]): FunctionExecution[];

  // Call log and key/value settings (e.g. the app's generated signing key)
  /** Logs a Web API call and returns it, saved, with its `seq`. */
  logCall(entry: Omit<CallLogEntry, "seq">): CallLogEntry;
  /** Logged calls with `seq > afterSeq`, oldest first. */
  listCalls(afterSeq?: number, limit?: number): CallLogEntry[];
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;

  /**
   * Resolves at once: every write is committed before its method returns (a failed one throws
   * `Cannot save to storage: …` and kept nothing). Kept so callers written for the former grouped
   * commits still compile; new code need not call it.
   */
  committed(): Promise<void>;

  close(): void;
}
