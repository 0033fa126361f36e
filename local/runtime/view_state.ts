/**
 * The `view.state.values` of a submission, built as Slack builds it: only the modal's own input
 * blocks appear, each under its `block_id` and element `action_id`, with the element's real
 * type, and a selected option must be one of the element's options. Whatever else a client
 * sends is dropped, so a handler sees only what a Slack client could have produced.
 *
 * @module
 */

/** Slack's maximum length of a plain-text input value. */
export const MAX_INPUT_LENGTH = 3000;

type Json = Record<string, unknown>;

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const CONVERSATION_ID = /^[CGD][A-Z0-9]{2,}$/;

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? value as Json
    : undefined;
}

function findOption(element: Json, wanted: unknown): Json | null {
  const value = asObject(wanted)?.value;
  const options = Array.isArray(element.options) ? element.options as Json[] : [];
  return options.find((option) => option?.value === value) ?? null;
}

function elementState(element: Json, sent: Json | undefined): Json {
  const type = String(element.type ?? "plain_text_input");
  if (type === "static_select") {
    return { type, selected_option: findOption(element, sent?.selected_option) };
  }
  if (type === "multi_static_select") {
    const chosen = Array.isArray(sent?.selected_options) ? sent.selected_options : [];
    return {
      type,
      selected_options: chosen.map((o) => findOption(element, o)).filter((o) => o !== null),
    };
  }
  // Pickers report ids; a well-formed id is kept (the app checks it exists, as it must on Slack).
  const id = (v: unknown, re: RegExp) => typeof v === "string" && re.test(v) ? v : null;
  if (type === "users_select") return { type, selected_user: id(sent?.selected_user, USER_ID) };
  if (type === "multi_users_select") {
    const chosen = Array.isArray(sent?.selected_users) ? sent.selected_users : [];
    const users = chosen.map((u) => id(u, USER_ID)).filter((u) => u !== null);
    return { type, selected_users: [...new Set(users)] };
  }
  if (type === "conversations_select") {
    return { type, selected_conversation: id(sent?.selected_conversation, CONVERSATION_ID) };
  }
  if (type === "channels_select") {
    return { type, selected_channel: id(sent?.selected_channel, CONVERSATION_ID) };
  }
  // A Slack client lets no one type past the element's max_length (nor past 3000 characters).
  const max = Number.isInteger(element.max_length)
    ? Math.min(Number(element.max_length), MAX_INPUT_LENGTH)
    : MAX_INPUT_LENGTH;
  const value = typeof sent?.value === "string"
    ? Array.from(sent.value).slice(0, max).join("")
    : null;
  if (type === "number_input") {
    // Slack's client refuses what is not a number (and a decimal where none is allowed).
    const pattern = element.is_decimal_allowed === true ? /^-?\d+(\.\d+)?$/ : /^-?\d+$/;
    return { type, value: value !== null && pattern.test(value.trim()) ? value.trim() : null };
  }
  return { type, value };
}

/** Builds `state.values` for `blocks` (the modal's blocks) from what the client `sent`. */
export function viewStateValues(blocks: unknown, sent: unknown): Record<string, Json> {
  const values: Record<string, Json> = {};
  const given = asObject(sent) ?? {};
  for (const block of Array.isArray(blocks) ? blocks : []) {
    const b = asObject(block);
    const element = asObject(b?.element);
    if (b?.type !== "input" || typeof b.block_id !== "string" || !element) continue;
    const actionId = element.action_id;
    if (typeof actionId !== "string") continue;
    const forBlock = Object.hasOwn(given, b.block_id) ? asObject(given[b.block_id]) : undefined;
    const forAction = forBlock && Object.hasOwn(forBlock, actionId)
      ? asObject(forBlock[actionId])
      : undefined;
    values[b.block_id] = { [actionId]: elementState(element, forAction) };
  }
  return values;
}

function isEmpty(state: Json): boolean {
  if ("selected_option" in state) return state.selected_option === null;
  if ("selected_options" in state) return (state.selected_options as unknown[]).length === 0;
  return state.value === null || state.value === "";
}

/**
 * What a Slack client refuses to submit, per block: a required input (`optional` not true) left
 * empty, or text shorter than the element's `min_length`. Slack never sends such a submission
 * to the app; the client shows the message under the field instead.
 *
 * @param blocks the modal's blocks
 * @param values the submission's `state.values` ({@linkcode viewStateValues})
 */
export function clientErrors(
  blocks: unknown,
  values: Record<string, Json>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const block of Array.isArray(blocks) ? blocks : []) {
    const b = asObject(block);
    const element = asObject(b?.element);
    if (b?.type !== "input" || typeof b.block_id !== "string" || !element) continue;
    const state = asObject(Object.values(values[b.block_id] ?? {})[0]);
    if (!state) continue;
    if (isEmpty(state)) {
      if (b.optional !== true) errors[b.block_id] = "Please fill out this field.";
      continue;
    }
    const min = element.min_length;
    if (typeof state.value === "string" && Number.isInteger(min)) {
      if (Array.from(state.value).length < Number(min)) {
        errors[b.block_id] = `Please lengthen this text to ${min} characters or more.`;
      }
    }
  }
  return errors;
}
