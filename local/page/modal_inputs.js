// @ts-check
/// <reference lib="dom" />
/**
 * A modal's input blocks as Slack's client shows them: text and number inputs, static selects
 * and the user and conversation pickers (over the workspace directory), each reporting its
 * state in the shape Slack puts into `view.state.values`. Like Slack's client, required fields
 * and number inputs are checked before anything is sent.
 *
 * @module
 */
import { el } from "./dom.js";
import { plain } from "./text.js";

/**
 * @typedef {object} Directory
 * @property {any[]} users
 * @property {any[]} channels
 */

/**
 * @typedef {object} ModalInput
 * @property {string} blockId
 * @property {string} actionId
 * @property {() => any} read the element's state, as Slack reports it
 * @property {(state: any) => void} write restores a state read from an equal element
 * @property {() => string | undefined} check what Slack's client says before submitting
 * @property {HTMLElement} field the focusable control
 * @property {HTMLElement} errorSlot
 */

/** @param {HTMLSelectElement} select @param {string[]} values */
function choose(select, values) {
  for (const option of select.options) option.selected = values.includes(option.value);
}

/**
 * The options of a user or conversation picker.
 * @param {any} element
 * @param {Directory} dir
 * @returns {{ value: string, label: string }[]}
 */
function pickerOptions(element, dir) {
  if (element.type === "users_select" || element.type === "multi_users_select") {
    return dir.users.filter((u) => !u.is_bot && !u.deleted).map((u) => ({
      value: String(u.id),
      label: `${u.real_name || u.name} (@${u.name})`,
    }));
  }
  const include = element.filter?.include;
  return dir.channels.filter((c) => {
    if (element.type === "channels_select") return !c.is_im && !c.is_private;
    if (!Array.isArray(include)) return true;
    const kind = c.is_im ? "im" : c.is_mpim ? "mpim" : c.is_private ? "private" : "public";
    return include.includes(kind);
  }).map((c) => ({ value: String(c.id), label: c.is_im ? `DM ${c.id}` : `#${c.name}` }));
}

/** Which state field each picker reports, and which initial field it starts from. */
const PICKERS = /** @type {Record<string, [string, string, boolean]>} */ ({
  users_select: ["selected_user", "initial_user", false],
  multi_users_select: ["selected_users", "initial_users", true],
  conversations_select: ["selected_conversation", "initial_conversation", false],
  multi_conversations_select: ["selected_conversations", "initial_conversations", true],
  channels_select: ["selected_channel", "initial_channel", false],
  multi_channels_select: ["selected_channels", "initial_channels", true],
});

/**
 * Builds the control of an input block's element.
 * @param {any} element
 * @param {Directory} dir
 * @returns {{ field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
 *   read: () => any, write: (state: any) => void, empty: () => boolean }}
 */
function control(element, dir) {
  const type = String(element.type ?? "plain_text_input");
  const picker = PICKERS[type];
  if (picker) {
    const [key, initial, multi] = picker;
    const select = document.createElement("select");
    select.multiple = multi;
    if (!multi) select.append(new Option(plain(element.placeholder) || "Choose…", ""));
    for (const o of pickerOptions(element, dir)) select.append(new Option(o.label, o.value));
    const start = element[initial];
    choose(select, (Array.isArray(start) ? start : [start]).map(String));
    const selected = () => [...select.selectedOptions].map((o) => o.value).filter(Boolean);
    return {
      field: select,
      read: () => ({ type, [key]: multi ? selected() : (selected()[0] ?? null) }),
      write: (s) => choose(select, [s?.[key] ?? []].flat().map(String)),
      empty: () => selected().length === 0,
    };
  }
  if (type === "static_select") {
    const select = document.createElement("select");
    select.append(new Option(plain(element.placeholder) || "Choose…", ""));
    for (const o of element.options ?? []) {
      select.append(new Option(plain(o.text), String(o.value)));
    }
    select.value = String(element.initial_option?.value ?? "");
    const find = () =>
      (element.options ?? []).find((/** @type {any} */ o) => o.value === select.value);
    return {
      field: select,
      read: () => ({ type, selected_option: find() ?? null }),
      write: (s) => {
        select.value = String(s?.selected_option?.value ?? "");
      },
      empty: () => !find(),
    };
  }
  const multiline = type === "plain_text_input" && element.multiline === true;
  const input = multiline ? document.createElement("textarea") : document.createElement("input");
  if (type === "number_input") input.setAttribute("inputmode", "decimal");
  if (element.initial_value !== undefined) input.value = String(element.initial_value);
  if (element.placeholder) input.placeholder = plain(element.placeholder);
  if (element.max_length) input.maxLength = Number(element.max_length);
  return {
    field: input,
    read: () => ({ type, value: input.value === "" ? null : input.value }),
    write: (s) => {
      input.value = typeof s?.value === "string" ? s.value : "";
    },
    // Slack's client only refuses an empty field; spaces reach the app, which judges them.
    empty: () => input.value === "",
  };
}

/**
 * What Slack's client says about a number input's text, or `undefined`.
 * @param {any} element
 * @param {string} text
 */
function numberProblem(element, text) {
  const pattern = element.is_decimal_allowed ? /^-?\d+(\.\d+)?$/ : /^-?\d+$/;
  if (!pattern.test(text.trim())) {
    return element.is_decimal_allowed ? "Enter a number." : "Enter a whole number.";
  }
  const n = Number(text);
  if (element.min_value !== undefined && n < Number(element.min_value)) {
    return `Enter a number of at least ${element.min_value}.`;
  }
  if (element.max_value !== undefined && n > Number(element.max_value)) {
    return `Enter a number of at most ${element.max_value}.`;
  }
  return undefined;
}

/**
 * Renders an input block; its control is registered in `inputs` under its block id.
 * @param {any} block
 * @param {Directory} dir
 * @param {Map<string, ModalInput>} inputs
 * @returns {HTMLElement}
 */
export function renderInputBlock(block, dir, inputs) {
  const blockId = String(block.block_id ?? "");
  const element = block.element ?? {};
  const wrap = el("div", "block block-input input-block");
  wrap.dataset.blockId = blockId;
  wrap.dataset.blockType = "input";
  const label = /** @type {HTMLLabelElement} */ (el("label", "input-label", plain(block.label)));
  if (block.optional) label.append(el("span", "optional", " (optional)"));
  const { field, read, write, empty } = control(element, dir);
  field.id = `input-${blockId}`;
  field.dataset.testid = `input-${blockId}`;
  label.htmlFor = field.id;
  wrap.append(label, field);
  if (block.hint) wrap.append(el("div", "hint", plain(block.hint)));
  const errorSlot = el("div", "field-error");
  errorSlot.dataset.testid = `field-error-${blockId}`;
  errorSlot.id = `error-${blockId}`;
  field.setAttribute("aria-describedby", errorSlot.id);
  wrap.append(errorSlot);
  const check = () => {
    if (empty()) return block.optional ? undefined : "Please fill out this field.";
    if (element.type === "number_input") return numberProblem(element, String(read().value ?? ""));
    return undefined;
  };
  inputs.set(blockId, {
    blockId,
    actionId: String(element.action_id ?? ""),
    read,
    write,
    check,
    field,
    errorSlot,
  });
  return wrap;
}

/**
 * Shows `message` under a field (or clears it), marking the control invalid for assistive
 * technology and in red.
 * @param {ModalInput} input
 * @param {string} message
 */
export function setFieldError(input, message) {
  input.errorSlot.textContent = message;
  if (message) {
    input.field.setAttribute("aria-invalid", "true");
    input.field.style.borderColor = "var(--danger)";
  } else {
    input.field.removeAttribute("aria-invalid");
    input.field.style.borderColor = "";
  }
}
