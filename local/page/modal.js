// @ts-check
/// <reference lib="dom" />
/**
 * Modals (views opened by the app) and Block Kit confirm dialogs. A modal follows Slack's
 * client: `response_action: "errors"` shows each message under its field and keeps everything
 * typed; `update` re-renders the view keeping entries of unchanged inputs; `push` and `clear`
 * arrive as view events (the page shows the top of the stack).
 *
 * @module
 */
import { el, plain, renderBlocks } from "./blocks.js";
import { renderInputBlock, setFieldError } from "./modal_inputs.js";
import { api } from "./net.js";

/**
 * @typedef {object} ModalOptions
 * @property {(id: string) => string} userName
 * @property {(id: string) => string} channelName
 * @property {(id: string) => string} groupHandle
 * @property {(values: Record<string, Record<string, any>>) => Promise<any>} submit
 * @property {() => Promise<any>} close
 * @property {(text: string) => void} onError
 */

/**
 * The modal on screen: its view id and hash (an unchanged view keeps what was typed, as after
 * `response_action: "errors"`) and its inputs (an updated view keeps the entries of inputs with
 * the same block and action ids, as Slack's client does).
 * @type {{ id: string, hash: string, inputs: Map<string, import("./modal_inputs.js").ModalInput> }}
 */
let shown = { id: "", hash: "", inputs: new Map() };

/** @returns {HTMLElement} */
function root() {
  return /** @type {HTMLElement} */ (document.getElementById("modal-root"));
}

/** Removes the modal from the page. */
export function closeModal() {
  shown = { id: "", hash: "", inputs: new Map() };
  root().replaceChildren();
}

/**
 * The workspace's users and channels for the pickers (read when a modal opens: a picker lists
 * who is there now).
 * @returns {Promise<import("./modal_inputs.js").Directory>}
 */
async function directory() {
  const state = await api("/_local/state");
  return { users: state.users ?? [], channels: state.channels ?? [] };
}

/**
 * Shows a view record (from `/_local/views`) as a modal with its blocks.
 * @param {any} record `{ id, hash, view: { title, blocks, submit, close } }`
 * @param {ModalOptions} opts
 */
export async function showModal(record, opts) {
  const id = String(record.id);
  const hash = String(record.hash ?? "");
  if (shown.id === id && shown.hash === hash) return;
  const previous = shown.id === id ? shown.inputs : new Map();
  /** @type {Map<string, import("./modal_inputs.js").ModalInput>} */
  const inputs = new Map();
  shown = { id, hash, inputs };
  const view = record.view ?? {};
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  const dir = blocks.some((/** @type {any} */ b) => b?.type === "input")
    ? await directory().catch((e) => {
      opts.onError(`Cannot list users and channels: ${e?.message ?? e}`);
      return { users: [], channels: [] };
    })
    : { users: [], channels: [] };
  // A newer view was shown while the directory loaded.
  if (shown.inputs !== inputs) return;
  const overlay = el("div", "overlay");
  const dialog = el("div", "modal");
  dialog.dataset.testid = "modal";
  dialog.dataset.viewId = id;
  dialog.dataset.callbackId = String(view.callback_id ?? "");
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-modal", "true");
  const title = el("h2", "modal-title", plain(view.title));
  title.dataset.testid = "modal-title";
  title.id = `modal-title-${id}`;
  dialog.setAttribute("aria-labelledby", title.id);
  dialog.append(title);
  const body = el("div", "blocks");
  for (const block of blocks) {
    body.append(
      block?.type === "input"
        ? renderInputBlock(block, dir, inputs)
        : renderBlocks([block], opts).firstChild ?? el("div"),
    );
  }
  dialog.append(body);
  for (const input of inputs.values()) {
    const before = previous.get(input.blockId);
    if (before && before.actionId === input.actionId) input.write(before.read());
  }
  const general = el("div", "field-error");
  general.dataset.testid = "modal-error";
  general.setAttribute("role", "alert");
  dialog.append(general);
  const buttons = el("div", "modal-buttons");
  const cancel =
    /** @type {HTMLButtonElement} */ (el("button", "btn", plain(view.close) || "Cancel"));
  cancel.type = "button";
  cancel.dataset.testid = "modal-close";
  const dismiss = async () => {
    try {
      await opts.close();
    } catch (e) {
      opts.onError(String(/** @type {Error} */ (e).message));
    }
    if (shown.id === id) closeModal();
  };
  cancel.addEventListener("click", dismiss);
  dialog.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") dismiss();
  });
  buttons.append(cancel);
  if (view.submit) {
    const submit =
      /** @type {HTMLButtonElement} */ (el("button", "btn primary", plain(view.submit)));
    submit.type = "button";
    submit.dataset.testid = "modal-submit";
    submit.addEventListener("click", () => send(submit, inputs, general, opts));
    buttons.append(submit);
  }
  dialog.append(buttons);
  overlay.append(dialog);
  root().replaceChildren(overlay);
  /** @type {HTMLElement | null} */ (dialog.querySelector("input, textarea, select"))?.focus();
}

/**
 * Submits the modal: first what Slack's client checks itself (required fields, numbers), then
 * the app's answer: `errors` go under their fields (the typed values stay), anything else
 * (update, push, clear, close) arrives as a view event.
 * @param {HTMLButtonElement} submit
 * @param {Map<string, import("./modal_inputs.js").ModalInput>} inputs
 * @param {HTMLElement} general
 * @param {ModalOptions} opts
 */
async function send(submit, inputs, general, opts) {
  general.textContent = "";
  /** @type {Record<string, Record<string, any>>} */
  const values = {};
  let first;
  for (const input of inputs.values()) {
    const problem = input.check() ?? "";
    setFieldError(input, problem);
    if (problem) first ??= input;
    values[input.blockId] = { [input.actionId]: input.read() };
  }
  if (first) {
    first.field.focus();
    return;
  }
  submit.disabled = true;
  try {
    const res = await opts.submit(values);
    if (res.errors && typeof res.errors === "object") {
      for (const [blockId, message] of Object.entries(res.errors)) {
        const input = inputs.get(blockId);
        if (input) setFieldError(input, String(message));
        else general.textContent = String(message);
      }
      [...inputs.values()].find((i) => i.errorSlot.textContent)?.field.focus();
    } else if (!res.ok) {
      general.textContent = `Cannot submit: ${res.error ?? "unknown error"}`;
    }
  } catch (e) {
    general.textContent = String(/** @type {Error} */ (e).message);
  } finally {
    submit.disabled = false;
  }
}

/**
 * Shows a Block Kit confirm dialog; resolves true when the user confirms.
 * @param {any} confirm `{ title, text, confirm, deny, style }`
 * @param {import("./blocks.js").RenderContext} ctx names for mentions in the text
 * @returns {Promise<boolean>}
 */
export function showConfirm(confirm, ctx) {
  return new Promise((resolve) => {
    const layer = el("div", "overlay confirm-layer");
    const dialog = el("div", "modal confirm");
    dialog.dataset.testid = "confirm-dialog";
    dialog.setAttribute("role", "alertdialog");
    dialog.append(el("h2", "modal-title", plain(confirm.title) || "Are you sure?"));
    dialog.append(renderBlocks([{ type: "section", text: confirm.text }], ctx));
    const buttons = el("div", "modal-buttons");
    const onKey = (/** @type {KeyboardEvent} */ ev) => {
      if (ev.key === "Escape") finish(false);
    };
    const finish = (/** @type {boolean} */ ok) => {
      document.removeEventListener("keydown", onKey);
      layer.remove();
      resolve(ok);
    };
    document.addEventListener("keydown", onKey);
    const deny =
      /** @type {HTMLButtonElement} */ (el("button", "btn", plain(confirm.deny) || "Cancel"));
    deny.dataset.testid = "confirm-deny";
    deny.addEventListener("click", () => finish(false));
    const style = confirm.style === "danger" ? "btn danger" : "btn primary";
    const ok =
      /** @type {HTMLButtonElement} */ (el("button", style, plain(confirm.confirm) || "Yes"));
    ok.dataset.testid = "confirm-ok";
    ok.addEventListener("click", () => finish(true));
    buttons.append(deny, ok);
    dialog.append(buttons);
    layer.append(dialog);
    document.body.append(layer);
    ok.focus();
  });
}
