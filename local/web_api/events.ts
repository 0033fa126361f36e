/**
 * The events the Web API dispatches on `WebApi.events`, as `CustomEvent`s whose `detail` has the
 * shape given here. The page, the runtime and tests subscribe to these instead of polling.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { startTestPlatform, TEST_WORKSPACE } from "../testing.ts";
 *
 * const platform = await startTestPlatform();
 * try {
 *   const seen: string[] = [];
 *   platform.api.events.addEventListener("message", (event) => {
 *     const { op, message } = (event as CustomEvent<MessageEventDetail>).detail;
 *     seen.push(`${op}: ${message.text}`);
 *   });
 *   await platform.api.call("chat.postMessage", { channel: TEST_WORKSPACE.channelId, text: "hi" }, platform.token);
 *   assertEquals(seen, ["posted: hi"]);
 * } finally {
 *   await platform.close();
 * }
 * ```
 *
 * @module
 */
import type {
  CallLogEntry,
  FunctionExecution,
  Message,
  TriggerRecord,
  ViewRecord,
} from "../storage/types.ts";

/** `message`: a message was posted, updated, posted ephemerally, or deleted. */
export interface MessageEventDetail {
  op: "posted" | "updated" | "ephemeral" | "deleted";
  message: Message;
}

/** `view`: a modal was opened, pushed or updated for `user`. */
export interface ViewEventDetail {
  op: "opened" | "pushed" | "updated";
  user: string;
  view: ViewRecord;
}

/** `datastore`: an item was written or deleted. */
export interface DatastoreEventDetail {
  datastore: string;
  id: string;
  op: "put" | "update" | "delete";
}

/** `trigger`: a trigger was created, updated or deleted. */
export interface TriggerEventDetail {
  op: "created" | "updated" | "deleted";
  trigger: TriggerRecord;
}

/** `function_completed`: an execution left `running` (completeSuccess / completeError). */
export interface FunctionCompletedEventDetail {
  execution: FunctionExecution;
}

/** Event names and their `detail` types. `call` carries the logged {@linkcode CallLogEntry}. */
export interface WebApiEventMap {
  call: CallLogEntry;
  message: MessageEventDetail;
  view: ViewEventDetail;
  datastore: DatastoreEventDetail;
  trigger: TriggerEventDetail;
  function_completed: FunctionCompletedEventDetail;
}
