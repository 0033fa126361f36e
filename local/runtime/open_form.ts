/**
 * Slack's built-in form step (`slack#/functions/open_form`, `Schema.slack.functions.OpenForm`)
 * on the local platform: the form becomes a modal opened for the person who clicked (through the
 * workflow's `interactivity` pointer), and its submission completes the step with `fields`, a
 * fresh `interactivity` and `submit_user`, as Slack's form step does.
 *
 * The page renders text inputs and static selects, so users and channels are offered as static
 * selects over the workspace directory, and arrays as comma-separated text. The view
 * building and the value conversion are pure and tested without HTTP.
 *
 * @module
 */

/** One form field as given to OpenForm (`fields.elements[]`). */
export interface FormElement {
  name: string;
  title?: string;
  type?: string;
  description?: string;
  long?: boolean;
  default?: unknown;
  enum?: string[];
  choices?: { value: string; title?: string }[];
  items?: { type?: string };
}

/** The workspace names offered in selects. */
export interface Directory {
  users: { id: string; label: string }[];
  channels: { id: string; label: string }[];
}

const USER = "slack#/types/user_id";
const CHANNEL = "slack#/types/channel_id";
/** Block Kit's limit of options in a static select. */
const MAX_OPTIONS = 100;

function plain(text: string, max: number) {
  return { type: "plain_text", text: Array.from(text).slice(0, max).join("") || " " };
}

function select(options: { value: string; label: string }[]): Record<string, unknown> {
  // Block Kit refuses a select without options (an empty directory): typed text instead.
  if (options.length === 0) return { type: "plain_text_input", action_id: "value" };
  return {
    type: "static_select",
    action_id: "value",
    options: options.slice(0, MAX_OPTIONS).map((o) => ({
      text: plain(o.label, 75),
      value: o.value,
    })),
  };
}

function elementFor(field: FormElement, dir: Directory): Record<string, unknown> {
  const choices = field.choices ??
    (field.enum ?? []).map((value) => ({ value, title: value }));
  if (choices.length > 0) {
    return select(choices.map((c) => ({ value: c.value, label: c.title ?? c.value })));
  }
  const entries = (list: { id: string; label: string }[]) =>
    list.map((e) => ({ value: e.id, label: e.label }));
  if (field.type === USER) return select(entries(dir.users));
  if (field.type === CHANNEL) return select(entries(dir.channels));
  if (field.type === "boolean") {
    return select([{ value: "true", label: "Yes" }, { value: "false", label: "No" }]);
  }
  if (field.type === "integer" || field.type === "number") {
    return {
      type: "number_input",
      action_id: "value",
      is_decimal_allowed: field.type === "number",
    };
  }
  return {
    type: "plain_text_input",
    action_id: "value",
    multiline: field.long === true || field.type === "array",
    ...(typeof field.default === "string" ? { initial_value: field.default } : {}),
  };
}

/** Builds the modal for a form's inputs (`title`, `description`, `submit_label`, `fields`). */
export function formView(inputs: Record<string, unknown>, dir: Directory): Record<string, unknown> {
  const fields = (inputs.fields ?? {}) as { elements?: FormElement[]; required?: string[] };
  const required = new Set(fields.required ?? []);
  const blocks: Record<string, unknown>[] = [];
  if (typeof inputs.description === "string" && inputs.description) {
    blocks.push({ type: "section", text: plain(inputs.description, 3000) });
  }
  for (const field of fields.elements ?? []) {
    const arrayHint = field.type === "array"
      ? `Comma-separated${field.items?.type === USER ? " user ids or names" : ""}. `
      : "";
    const hint = `${arrayHint}${field.description ?? ""}`.trim();
    blocks.push({
      type: "input",
      block_id: field.name,
      optional: !required.has(field.name),
      label: plain(field.title ?? field.name, 2000),
      element: elementFor(field, dir),
      ...(hint ? { hint: plain(hint, 2000) } : {}),
    });
  }
  return {
    type: "modal",
    callback_id: "open_form",
    // Not cut to fit: a form Slack would refuse is refused before it gets here
    // (`open_form_rules.ts`), and views.open refuses what is still too long.
    title: { type: "plain_text", text: String(inputs.title ?? "Form") },
    submit: { type: "plain_text", text: String(inputs.submit_label ?? "Submit") },
    close: plain("Cancel", 24),
    notify_on_close: true,
    blocks,
  };
}

/** Result of {@linkcode formFields}: the `fields` output, or Slack-style errors per block. */
export type FormValues =
  | { ok: true; fields: Record<string, unknown> }
  | { ok: false; errors: Record<string, string> };

/**
 * Converts submitted `state.values` into the form's `fields` output: empty optional fields are
 * left out, numbers parsed, arrays split on commas, user names mapped to ids.
 */
export function formFields(
  inputs: Record<string, unknown>,
  values: Record<string, unknown>,
  dir: Directory,
): FormValues {
  const spec = (inputs.fields ?? {}) as { elements?: FormElement[]; required?: string[] };
  const required = new Set(spec.required ?? []);
  const fields: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of spec.elements ?? []) {
    const state = ((values[field.name] ?? {}) as Record<string, Record<string, unknown>>).value ??
      {};
    const option = state.selected_option as { value?: unknown } | null | undefined;
    const raw = String(option?.value ?? state.value ?? "").trim();
    if (raw === "") {
      if (required.has(field.name)) errors[field.name] = "Please fill out this field.";
      continue;
    }
    if (field.type === "integer" || field.type === "number") {
      const number = Number(raw);
      if (!Number.isFinite(number) || (field.type === "integer" && !/^-?\d+$/.test(raw))) {
        errors[field.name] = field.type === "integer" ? "Enter a whole number." : "Enter a number.";
        continue;
      }
      fields[field.name] = number;
    } else if (field.type === "boolean") {
      fields[field.name] = raw === "true";
    } else if (field.type === "array") {
      const entries = raw.split(/[,\n]+/).map((e) => e.trim()).filter(Boolean);
      fields[field.name] = field.items?.type === USER
        ? entries.map((e) => userIdFor(e, dir))
        : entries;
    } else {
      fields[field.name] = raw;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, fields };
}

/** A typed `@name` or `name` becomes that user's id; anything else is kept for the app to judge. */
function userIdFor(entry: string, dir: Directory): string {
  const name = entry.replace(/^@/, "");
  const found = dir.users.find((u) => u.id === name || u.label.split(" ")[0] === `@${name}`);
  return found?.id ?? entry;
}
