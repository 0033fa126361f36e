// @ts-check
/// <reference lib="dom" />
/**
 * Modals (views opened by the app) and Block Kit confirm dialogs.
 *
 * @module
 */
import { el, plain, renderBlocks } from "./blocks.js";

/**
 * @typedef {object} ModalOptions
 * @property {(id: string) => string} userName
 * @property {(id: string) => string} channelName
 * @property {(id: string) => string} groupHandle
 * @property {(values: Record<string, Record<string, any>>) => Promise<any>} submit
 * @property {() => Promise<any>} close
 * @property {(text: string) => void} onError
 */

/** The modal on screen: its view id and hash, so an unchanged view keeps what was typed. */
let shown = { id: "", hash: "" };

/** @returns {HTMLElement} */
function root() {
  return /** @type {HTMLElement} */ (document.getElementById("modal-root"));
}

/** Removes the modal from the page. */
export function closeModal() {
  shown = { id: "", hash: "" };
  root().replaceChildren();
}

/**
 * Shows a view record (from `/_local/views`) as a modal with its input blocks.
 * @param {any} record `{ id, hash, view: { title, blocks, submit, close } }`
 * @param {ModalOptions} opts
 */
export function showModal(record, opts) {
  if (shown.id === record.id && shown.hash === String(record.hash ?? "")) return;
  shown = { id: String(record.id), hash: String(record.hash ?? "") };
  const view = record.view ?? {};
  /** @type {Map<string, import("./blocks.js").InputField>} */
  const inputs = new Map();
  const overlay = el("div", "overlay");
  const dialog = el("div", "modal");
  dialog.dataset.testid = "modal";
  dialog.dataset.viewId = String(record.id);
  dialog.dataset.callbackId = String(view.callback_id ?? "");
  dialog.setAttribute("role", "dialog");
  const title = el("h2", "modal-title", plain(view.title));
  title.dataset.testid = "modal-title";
  dialog.append(title);
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  dialog.append(renderBlocks(blocks, { ...opts, inputs }));
  const general = el("div", "field-error");
  general.dataset.testid = "modal-error";
  dialog.append(general);
  const buttons = el("div", "modal-buttons");
  const cancel =
    /** @type {HTMLButtonElement} */ (el("button", "btn", plain(view.close) || "Cancel"));
  cancel.type = "button";
  cancel.dataset.testid = "modal-close";
  cancel.addEventListener("click", async () => {
    try {
      await opts.close();
    } catch (e) {
      opts.onError(String(/** @type {Error} */ (e).message));
    }
    closeModal();
  });
  buttons.append(cancel);
  if (view.submit) {
    const submit =
      /** @type {HTMLButtonElement} */ (el("button", "btn primary", plain(view.submit)));
    submit.type = "button";
    submit.dataset.testid = "modal-submit";
    submit.addEventListener("click", async () => {
      /** @type {Record<string, Record<string, any>>} */
      const values = {};
      for (const f of inputs.values()) {
        f.errorSlot.textContent = "";
        values[f.blockId] = { [f.actionId]: f.read() };
      }
      general.textContent = "";
      submit.disabled = true;
      try {
        const res = await opts.submit(values);
        if (res.errors && typeof res.errors === "object") {
          for (const [blockId, msg] of Object.entries(res.errors)) {
            const slot = inputs.get(blockId)?.errorSlot ?? general;
            slot.textContent = String(msg);
          }
        } else if (!res.ok) {
          general.textContent = `Cannot submit: ${res.error ?? "unknown error"}`;
        }
      } catch (e) {
        general.textContent = String(/** @type {Error} */ (e).message);
      } finally {
        submit.disabled = false;
      }
    });
    buttons.append(submit);
  }
  dialog.append(buttons);
  overlay.append(dialog);
  root().replaceChildren(overlay);
  /** @type {HTMLElement | null} */ (dialog.querySelector("input, textarea, select"))?.focus();
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
