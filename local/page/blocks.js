// @ts-check
/// <reference lib="dom" />
/**
 * Renders Block Kit blocks and mrkdwn into DOM nodes for the local page.
 *
 * Message content comes from the app, which copies caller-controlled strings into it: every
 * string is inserted with `textContent` / text nodes, never as HTML, and links only get an `href`
 * when they are plain http(s)/mailto URLs.
 *
 * @module
 */
import { el } from "./dom.js";
import { isSafeUrl } from "./mrkdwn.js";
import { plain, renderText } from "./text.js";

export { el } from "./dom.js";
export { plain, renderMrkdwn, renderText } from "./text.js";

/** @typedef {import("./text.js").RenderContext} RenderContext */
/** @typedef {import("./text.js").InputField} InputField */

/**
 * Renders an interactive or image element inside a section accessory, actions or context block.
 * @param {any} block
 * @param {any} element
 * @param {RenderContext} ctx
 * @returns {HTMLElement}
 */
function renderElement(block, element, ctx) {
  if (!element || typeof element !== "object") return el("span");
  if (element.type === "button") {
    const btn = /** @type {HTMLButtonElement} */ (el("button", "btn", plain(element.text)));
    if (element.style === "primary" || element.style === "danger") {
      btn.classList.add(element.style);
    }
    btn.type = "button";
    btn.dataset.testid = `button-${element.action_id ?? ""}`;
    btn.dataset.actionId = String(element.action_id ?? "");
    if (element.url && isSafeUrl(String(element.url))) btn.title = String(element.url);
    // Disabled while the click is delivered, so a double click does not send two actions.
    btn.addEventListener("click", async () => {
      btn.disabled = true;
      try {
        await ctx.onAction?.(block, element);
      } finally {
        btn.disabled = false;
      }
    });
    return btn;
  }
  if (element.type === "image") {
    return el("span", "image-alt", `[image: ${element.alt_text ?? ""}]`);
  }
  if (element.type === "mrkdwn" || element.type === "plain_text") {
    return renderText(element, ctx, "span");
  }
  return el("span", "unsupported", `[${String(element.type)}]`);
}

/**
 * Renders an input block of a modal and registers it so the modal can read its value.
 * @param {any} block
 * @param {RenderContext} ctx
 * @returns {HTMLElement}
 */
function renderInput(block, ctx) {
  const wrap = el("div", "input-block");
  const blockId = String(block.block_id ?? "");
  wrap.dataset.blockId = blockId;
  const element = block.element ?? {};
  const actionId = String(element.action_id ?? "");
  const label = /** @type {HTMLLabelElement} */ (el("label", "input-label", plain(block.label)));
  if (block.optional) label.append(el("span", "optional", " (optional)"));
  wrap.append(label);
  /** @type {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} */
  let field;
  /** @type {() => any} */
  let read;
  if (element.type === "static_select") {
    const select = document.createElement("select");
    select.append(new Option(plain(element.placeholder) || "Choose…", ""));
    for (const opt of element.options ?? []) {
      select.append(new Option(plain(opt.text), String(opt.value ?? "")));
    }
    field = select;
    read = () => {
      const opt = (element.options ?? []).find((/** @type {any} */ o) => o.value === select.value);
      return { type: "static_select", selected_option: opt ?? null };
    };
  } else {
    const multiline = element.type === "plain_text_input" && element.multiline;
    const input = multiline ? document.createElement("textarea") : document.createElement("input");
    if (element.initial_value) input.value = String(element.initial_value);
    if (element.placeholder) input.placeholder = plain(element.placeholder);
    if (element.max_length) input.maxLength = Number(element.max_length);
    field = input;
    read = () => ({ type: String(element.type ?? "plain_text_input"), value: input.value });
  }
  field.dataset.testid = `input-${blockId}`;
  field.id = `input-${blockId}`;
  label.htmlFor = field.id;
  wrap.append(field);
  if (block.hint) wrap.append(el("div", "hint", plain(block.hint)));
  const errorSlot = el("div", "field-error");
  errorSlot.dataset.testid = `field-error-${blockId}`;
  wrap.append(errorSlot);
  ctx.inputs?.set(blockId, { blockId, actionId, type: element.type, read, errorSlot });
  return wrap;
}

/**
 * Renders one block.
 * @param {any} block
 * @param {RenderContext} ctx
 * @returns {HTMLElement}
 */
export function renderBlock(block, ctx) {
  const type = block?.type;
  const node = el("div", `block block-${String(type)}`);
  node.dataset.blockType = String(type);
  if (block?.block_id) node.dataset.blockId = String(block.block_id);
  switch (type) {
    case "header":
      node.append(el("h3", "", plain(block.text)));
      break;
    case "section": {
      const body = el("div", "section-body");
      if (block.text) body.append(renderText(block.text, ctx));
      if (Array.isArray(block.fields)) {
        const grid = el("div", "fields");
        for (const f of block.fields) grid.append(renderText(f, ctx));
        body.append(grid);
      }
      node.append(body);
      if (block.accessory) node.append(renderElement(block, block.accessory, ctx));
      break;
    }
    case "context":
      for (const e of block.elements ?? []) node.append(renderElement(block, e, ctx));
      break;
    case "divider":
      node.append(el("hr"));
      break;
    case "actions":
      for (const e of block.elements ?? []) node.append(renderElement(block, e, ctx));
      break;
    case "image":
      node.append(el("span", "image-alt", `[image: ${block.alt_text ?? ""}]`));
      break;
    case "input":
      node.append(renderInput(block, ctx));
      break;
    case "rich_text":
      node.append(el("div", "plain", richTextToString(block, ctx)));
      break;
    default:
      node.append(el("span", "unsupported", `[unsupported block: ${String(type)}]`));
  }
  return node;
}

/**
 * Flattens a rich_text block to its text (enough for a local preview), with people, channels and
 * groups by name.
 * @param {any} node
 * @param {RenderContext} ctx
 * @returns {string}
 */
function richTextToString(node, ctx) {
  if (!node || typeof node !== "object") return "";
  if (typeof node.text === "string") return node.text;
  if (node.type === "user") return `@${ctx.userName(node.user_id) || node.user_id}`;
  if (node.type === "channel") return `#${ctx.channelName(node.channel_id) || node.channel_id}`;
  if (node.type === "usergroup") {
    return `@${ctx.groupHandle(node.usergroup_id) || node.usergroup_id}`;
  }
  if (Array.isArray(node.elements)) {
    return node.elements.map((/** @type {any} */ n) => richTextToString(n, ctx)).join("");
  }
  return "";
}

/**
 * Renders a list of blocks into a container.
 * @param {any[]} blocks
 * @param {RenderContext} ctx
 * @returns {HTMLElement}
 */
export function renderBlocks(blocks, ctx) {
  const wrap = el("div", "blocks");
  for (const b of blocks) wrap.append(renderBlock(b, ctx));
  return wrap;
}
