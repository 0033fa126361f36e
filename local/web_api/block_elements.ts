/**
 * Block Kit elements and composition objects (text, option, confirm) as Slack documents them,
 * checked the way Slack's Web API checks them: every problem is reported with the JSON pointer
 * of the offending field, as Slack's `response_metadata.messages` do
 * (`[ERROR] must be at most 75 characters [json-pointer:/blocks/0/elements/0/text/text]`).
 *
 * Sources (limits per field): https://docs.slack.dev/reference/block-kit/block-elements and
 * https://docs.slack.dev/reference/block-kit/composition-objects. Rows in docs/slack_rules.md.
 *
 * @module
 */

type Json = Record<string, unknown>;

/** Collects problems as `[pointer, message]`. */
export class Problems {
  readonly list: { pointer: string; message: string }[] = [];
  /** Records a problem at `pointer`. */
  add(pointer: string, message: string): void {
    this.list.push({ pointer, message });
  }
  /** Slack's `response_metadata.messages` form. */
  messages(): string[] {
    return this.list.map((p) => `[ERROR] ${p.message} [json-pointer:${p.pointer}]`);
  }
}

/** Longest `action_id` and `block_id` (255 characters). */
export const MAX_ID_LENGTH = 255;

/** Select menus, single and multi, each over its own source of options. */
const SELECT_MENUS = ["static", "external", "users", "conversations", "channels"]
  .flatMap((source) => [`${source}_select`, `multi_${source}_select`]);

/** Element types an `actions` block holds. */
export const ACTION_ELEMENTS: ReadonlySet<string> = new Set([
  ...SELECT_MENUS,
  "button",
  "checkboxes",
  "datepicker",
  "datetimepicker",
  "overflow",
  "radio_buttons",
  "timepicker",
  "workflow_button",
  "rich_text_input",
]);

/** Element types a section's `accessory` can be. */
export const ACCESSORY_ELEMENTS: ReadonlySet<string> = new Set(
  [...ACTION_ELEMENTS, "image"].filter((t) => t !== "rich_text_input" && t !== "datetimepicker"),
);

/** Element types an `input` block holds. */
export const INPUT_ELEMENTS: ReadonlySet<string> = new Set([
  ...SELECT_MENUS,
  "checkboxes",
  "datepicker",
  "datetimepicker",
  "email_text_input",
  "file_input",
  "number_input",
  "plain_text_input",
  "radio_buttons",
  "rich_text_input",
  "timepicker",
  "url_text_input",
]);

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Characters as Slack counts them (code points). */
export function length(text: string): number {
  return Array.from(text).length;
}

/** A string field of at most `max` characters (and at least `min`). */
export function checkString(
  p: Problems,
  at: string,
  value: unknown,
  max: number,
  { required = false, min = 0 } = {},
): void {
  if (value === undefined) {
    if (required) p.add(at, "is required");
    return;
  }
  if (typeof value !== "string") return p.add(at, "must be a string");
  const n = length(value);
  if (n < min) p.add(at, `must be at least ${min} characters`);
  if (n > max) p.add(at, `must be at most ${max} characters`);
}

/** A text object: `plain_text` (or `mrkdwn` where allowed) with 1..`max` characters. */
export function checkText(
  p: Problems,
  at: string,
  value: unknown,
  max: number,
  { required = false, plainOnly = false } = {},
): void {
  if (value === undefined) {
    if (required) p.add(at, "is required");
    return;
  }
  if (!isObject(value)) return p.add(at, "must be a text object");
  const type = value.type;
  if (type !== "plain_text" && type !== "mrkdwn") {
    return p.add(`${at}/type`, 'must be "plain_text" or "mrkdwn"');
  }
  if (plainOnly && type !== "plain_text") p.add(`${at}/type`, 'must be "plain_text"');
  if (type === "mrkdwn" && value.emoji !== undefined) {
    p.add(`${at}/emoji`, "is only allowed in plain_text");
  }
  if (type === "plain_text" && value.verbatim !== undefined) {
    p.add(`${at}/verbatim`, "is only allowed in mrkdwn");
  }
  checkString(p, `${at}/text`, value.text, max, { required: true, min: 1 });
}

/** An option object (selects, overflow, checkboxes, radio buttons). */
function checkOption(p: Problems, at: string, value: unknown, plainOnly: boolean): void {
  if (!isObject(value)) return p.add(at, "must be an option object");
  checkText(p, `${at}/text`, value.text, 75, { required: true, plainOnly });
  checkString(p, `${at}/value`, value.value, 150, { required: true });
  checkText(p, `${at}/description`, value.description, 75, { plainOnly });
  checkString(p, `${at}/url`, value.url, 3000);
}

function checkOptions(
  p: Problems,
  at: string,
  value: unknown,
  { min = 1, max, plainOnly = true }: { min?: number; max: number; plainOnly?: boolean },
): void {
  if (!Array.isArray(value)) return p.add(at, "must be an array of option objects");
  if (value.length < min) p.add(at, `must have at least ${min} items`);
  if (value.length > max) p.add(at, `must have at most ${max} items`);
  value.forEach((option, i) => checkOption(p, `${at}/${i}`, option, plainOnly));
}

/** A confirmation dialog object. */
function checkConfirm(p: Problems, at: string, value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value)) return p.add(at, "must be a confirm object");
  checkText(p, `${at}/title`, value.title, 100, { required: true, plainOnly: true });
  checkText(p, `${at}/text`, value.text, 300, { required: true });
  checkText(p, `${at}/confirm`, value.confirm, 30, { required: true, plainOnly: true });
  checkText(p, `${at}/deny`, value.deny, 30, { required: true, plainOnly: true });
  if (value.style !== undefined && value.style !== "primary" && value.style !== "danger") {
    p.add(`${at}/style`, 'must be "primary" or "danger"');
  }
}

/** Select menus and their multi-select variants. */
function checkSelect(p: Problems, at: string, el: Json, type: string): void {
  checkText(p, `${at}/placeholder`, el.placeholder, 150, { plainOnly: true });
  if (type.endsWith("static_select")) {
    if (el.options === undefined && el.option_groups === undefined) {
      p.add(`${at}/options`, "is required (or option_groups)");
    }
    if (el.options !== undefined) checkOptions(p, `${at}/options`, el.options, { max: 100 });
    if (Array.isArray(el.option_groups)) {
      if (el.option_groups.length > 100) {
        p.add(`${at}/option_groups`, "must have at most 100 items");
      }
      el.option_groups.forEach((group, i) => {
        const g = isObject(group) ? group : {};
        checkText(p, `${at}/option_groups/${i}/label`, g.label, 75, {
          required: true,
          plainOnly: true,
        });
        checkOptions(p, `${at}/option_groups/${i}/options`, g.options, { max: 100 });
      });
    }
  }
  if (type.startsWith("multi_") && el.max_selected_items !== undefined) {
    if (!Number.isInteger(el.max_selected_items) || Number(el.max_selected_items) < 1) {
      p.add(`${at}/max_selected_items`, "must be an integer of at least 1");
    }
  }
}

/**
 * Checks one element at `at` (its `type` among `allowed`), with the action ids already used in
 * its block (`actionIds`, to report duplicates).
 */
export function checkElement(
  p: Problems,
  at: string,
  el: unknown,
  allowed: ReadonlySet<string>,
  actionIds: Set<string>,
): void {
  if (!isObject(el)) return p.add(at, "must be an element object");
  const type = typeof el.type === "string" ? el.type : "";
  if (!allowed.has(type)) return p.add(`${at}/type`, `unsupported type "${type}" here`);
  if (type === "image") {
    if (el.image_url === undefined && el.slack_file === undefined) {
      p.add(`${at}/image_url`, "is required (or slack_file)");
    }
    checkString(p, `${at}/image_url`, el.image_url, 3000);
    checkString(p, `${at}/alt_text`, el.alt_text, 2000, { required: true, min: 1 });
    return;
  }
  if (el.action_id !== undefined) {
    checkString(p, `${at}/action_id`, el.action_id, MAX_ID_LENGTH, { min: 1 });
    if (typeof el.action_id === "string") {
      if (actionIds.has(el.action_id)) {
        p.add(`${at}/action_id`, `duplicate action_id "${el.action_id}" in this block`);
      }
      actionIds.add(el.action_id);
    }
  }
  checkConfirm(p, `${at}/confirm`, el.confirm);
  if (type === "button") {
    checkText(p, `${at}/text`, el.text, 75, { required: true, plainOnly: true });
    checkString(p, `${at}/value`, el.value, 2000);
    checkString(p, `${at}/url`, el.url, 3000);
    checkString(p, `${at}/accessibility_label`, el.accessibility_label, 75);
    if (el.style !== undefined && el.style !== "primary" && el.style !== "danger") {
      p.add(`${at}/style`, 'must be "primary" or "danger"');
    }
  } else if (type.endsWith("_select")) {
    checkSelect(p, at, el, type);
  } else if (type === "overflow") {
    checkOptions(p, `${at}/options`, el.options, { max: 5 });
  } else if (type === "checkboxes" || type === "radio_buttons") {
    checkOptions(p, `${at}/options`, el.options, { max: 10, plainOnly: false });
  } else if (type === "plain_text_input") {
    checkText(p, `${at}/placeholder`, el.placeholder, 150, { plainOnly: true });
    checkString(p, `${at}/initial_value`, el.initial_value, 3000);
    for (const key of ["min_length", "max_length"] as const) {
      const n = el[key];
      if (n !== undefined && (!Number.isInteger(n) || Number(n) < 0 || Number(n) > 3000)) {
        p.add(`${at}/${key}`, "must be an integer from 0 to 3000");
      }
    }
  } else if (
    type === "email_text_input" || type === "url_text_input" || type === "number_input" ||
    type === "datepicker" || type === "timepicker"
  ) {
    checkText(p, `${at}/placeholder`, el.placeholder, 150, { plainOnly: true });
  } else if (type === "workflow_button") {
    checkText(p, `${at}/text`, el.text, 75, { required: true, plainOnly: true });
    if (!isObject(el.workflow)) p.add(`${at}/workflow`, "is required");
  }
}
