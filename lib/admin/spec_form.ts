/**
 * A modal made from a list of form fields in the shape Slack's form step takes (`name`, `title`,
 * `type`, `description`, `long`, `enum`/`choices`, `items`), so a form that lists its fields once
 * (e.g. `workflows/admin_policy_fields.ts`) gets its own modal with Slack's pickers, and its
 * submission read back into typed inputs. A field another change adds to the list appears in
 * the modal as well. Pure.
 *
 * @module
 */

/** One field, as `Schema.slack.functions.OpenForm` takes it. */
export interface SpecField {
  name: string;
  title: string;
  type: string;
  description?: string;
  long?: boolean;
  items?: { type: string };
  enum?: string[];
  choices?: { value: string; title: string; description?: string }[];
}

/** The action id of every element (the block id names the field). */
export const SPEC_ACTION_ID = "value";

const USER = "slack#/types/user_id";
const CHANNEL = "slack#/types/channel_id";

const plain = (text: string, max: number) => ({
  type: "plain_text",
  text: Array.from(text).slice(0, max).join("") || " ",
});

function choices(field: SpecField): { value: string; title: string }[] {
  return field.choices ?? (field.enum ?? []).map((value) => ({ value, title: value }));
}

/** The Block Kit element of one field, starting at `value` when given. */
export function specElement(field: SpecField, value: unknown): Record<string, unknown> {
  const base = { action_id: SPEC_ACTION_ID };
  const has = value !== undefined && value !== null && value !== "";
  const options = choices(field);
  if (options.length > 0) {
    const opts = options.map((o) => ({ text: plain(o.title, 75), value: o.value }));
    const initial = opts.find((o) => o.value === String(value));
    return {
      type: "static_select",
      ...base,
      options: opts,
      ...(initial ? { initial_option: initial } : {}),
    };
  }
  if (field.type === USER) {
    return { type: "users_select", ...base, ...(has ? { initial_user: String(value) } : {}) };
  }
  if (field.type === CHANNEL) {
    return {
      type: "conversations_select",
      ...base,
      filter: { include: ["public", "private"], exclude_bot_users: true },
      ...(has ? { initial_conversation: String(value) } : {}),
    };
  }
  if (field.type === "array" && field.items?.type === USER) {
    const users = Array.isArray(value) ? value.map(String) : [];
    return {
      type: "multi_users_select",
      ...base,
      ...(users.length ? { initial_users: users } : {}),
    };
  }
  if (field.type === "integer" || field.type === "number") {
    return {
      type: "number_input",
      ...base,
      is_decimal_allowed: field.type === "number",
      ...(has ? { initial_value: String(value) } : {}),
    };
  }
  if (field.type === "boolean") {
    return specElement({
      ...field,
      choices: [{ value: "true", title: "Yes" }, { value: "false", title: "No" }],
    }, value === undefined ? undefined : String(value));
  }
  return {
    type: "plain_text_input",
    ...base,
    multiline: field.long === true || field.type === "array",
    max_length: 3000,
    ...(has ? { initial_value: Array.isArray(value) ? value.join("\n") : String(value) } : {}),
  };
}

/** What {@linkcode specFormView} builds. */
export interface SpecFormOptions {
  callbackId: string;
  /** At most 24 characters (Slack's limit), as are `submit` and the close label. */
  title: string;
  submit: string;
  fields: readonly SpecField[];
  required: readonly string[];
  /** Starting values by field name (an edit). */
  initial?: Record<string, unknown>;
  /** A line shown above the fields. */
  note?: string;
  privateMetadata?: string;
}

/** The modal: one input block per field, its block id the field's name. */
export function specFormView(opts: SpecFormOptions): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = opts.note
    ? [{ type: "context", elements: [{ type: "mrkdwn", text: opts.note }] }]
    : [];
  for (const field of opts.fields) {
    blocks.push({
      type: "input",
      block_id: field.name,
      optional: !opts.required.includes(field.name),
      label: plain(field.title, 2000),
      element: specElement(field, opts.initial?.[field.name]),
      ...(field.description ? { hint: plain(field.description, 2000) } : {}),
    });
  }
  return {
    type: "modal",
    callback_id: opts.callbackId,
    title: plain(opts.title, 24),
    submit: plain(opts.submit, 24),
    close: plain("Cancel", 24),
    notify_on_close: true,
    private_metadata: opts.privateMetadata ?? "",
    blocks,
  };
}

/**
 * A submission's `view.state.values` as inputs of the fields' types: blank fields left out, a
 * number that is not one kept as `NaN` (the checks name it), anything of a wrong shape ignored.
 */
export function readSpecForm(
  fields: readonly SpecField[],
  values: unknown,
): Record<string, unknown> {
  const state = (values && typeof values === "object" ? values : {}) as Record<
    string,
    Record<string, Record<string, unknown>> | undefined
  >;
  const out: Record<string, unknown> = {};
  const str = (v: unknown) => typeof v === "string" && v.trim() !== "" ? v : undefined;
  for (const field of fields) {
    const s = state[field.name]?.[SPEC_ACTION_ID];
    if (!s || typeof s !== "object") continue;
    let value: unknown;
    if (s.type === "static_select") {
      value = str((s.selected_option as { value?: unknown } | null)?.value);
      if (value !== undefined && field.type === "boolean") value = value === "true";
    } else if (s.type === "users_select") value = str(s.selected_user);
    else if (s.type === "conversations_select") value = str(s.selected_conversation);
    else if (s.type === "multi_users_select") {
      const users = Array.isArray(s.selected_users) ? s.selected_users.filter(str) : [];
      value = users.length ? users : undefined;
    } else if (s.type === "number_input") {
      const text = str(s.value);
      value = text === undefined ? undefined : Number.isFinite(Number(text)) ? Number(text) : NaN;
    } else value = str(s.value);
    if (value !== undefined) out[field.name] = value;
  }
  return out;
}
