// @ts-check
/// <reference lib="dom" />
/**
 * Renders mrkdwn and Block Kit text objects into DOM nodes: every string goes in through text
 * nodes, never as HTML, and links only get an `href` when they are plain http(s)/mailto URLs.
 *
 * @module
 */
import { el } from "./dom.js";
import { isSafeUrl, parseMrkdwn } from "./mrkdwn.js";

/**
 * @typedef {object} RenderContext
 * @property {(id: string) => string} userName display name for a user id
 * @property {(id: string) => string} channelName name for a channel id
 * @property {(id: string) => string} groupHandle handle for a user group id
 * @property {(block: any, element: any) => Promise<void> | void} [onAction] button clicked
 * @property {Map<string, InputField>} [inputs] modal input registry, keyed by block_id
 */

/**
 * @typedef {object} InputField
 * @property {string} blockId
 * @property {string} actionId
 * @property {string} type
 * @property {() => any} read the field's state as Slack puts it into `view.state.values`
 * @property {HTMLElement} errorSlot
 */

/** The emoji short codes the app uses, shown as characters (others stay as `:code:`). */
const EMOJI = /** @type {Record<string, string>} */ ({
  white_check_mark: "\u2705",
  no_entry: "\u26d4",
  hourglass: "\u231b",
  warning: "\u26a0\ufe0f",
  x: "\u274c",
  robot_face: "\ud83e\udd16",
  lock: "\ud83d\udd12",
  rocket: "\ud83d\ude80",
});

/**
 * Replaces known `:short_code:` emoji in plain text.
 * @param {string} text
 * @returns {string}
 */
function withEmoji(text) {
  return text.replace(/:([a-z0-9_+-]{1,40}):/g, (all, code) => EMOJI[code] ?? all);
}

/**
 * Renders parsed mrkdwn nodes into a parent.
 * @param {HTMLElement | DocumentFragment} parent
 * @param {import("./mrkdwn.js").MrkdwnNode[]} nodes
 * @param {RenderContext} ctx
 */
function appendNodes(parent, nodes, ctx) {
  for (const n of nodes) {
    switch (n.type) {
      case "text":
        parent.append(document.createTextNode(withEmoji(n.text)));
        break;
      case "date": {
        const span = el("span", "date", new Date(n.seconds * 1000).toLocaleString());
        span.title = n.fallback;
        parent.append(span);
        break;
      }
      case "br":
        parent.append(document.createElement("br"));
        break;
      case "bold":
      case "italic":
      case "strike":
      case "quote": {
        const tag = { bold: "strong", italic: "em", strike: "s", quote: "blockquote" }[n.type];
        const node = el(tag);
        appendNodes(node, n.children, ctx);
        parent.append(node);
        break;
      }
      case "code":
        parent.append(el("code", "", n.text));
        break;
      case "pre":
        parent.append(el("pre", "", n.text));
        break;
      case "link": {
        if (isSafeUrl(n.url)) {
          const a = /** @type {HTMLAnchorElement} */ (el("a", "link", n.label));
          a.href = n.url;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          a.title = n.url;
          parent.append(a);
        } else {
          parent.append(document.createTextNode(n.raw));
        }
        break;
      }
      case "user": {
        const span = el("span", "mention", "@" + (ctx.userName(n.id) || n.label || n.id));
        span.dataset.user = n.id;
        parent.append(span);
        break;
      }
      case "channel":
        parent.append(el("span", "mention", "#" + (n.label || ctx.channelName(n.id) || n.id)));
        break;
      case "usergroup":
        parent.append(el("span", "mention", n.label || "@" + (ctx.groupHandle(n.id) || n.id)));
        break;
      case "special": {
        const span = el("span", "special-mention", n.text);
        span.title = "special mention (shown literally)";
        parent.append(span);
        break;
      }
    }
  }
}

/**
 * Renders mrkdwn text into a new element.
 * @param {string} text
 * @param {RenderContext} ctx
 * @param {string} [tag]
 * @returns {HTMLElement}
 */
export function renderMrkdwn(text, ctx, tag = "div") {
  const node = el(tag, "mrkdwn");
  appendNodes(node, parseMrkdwn(text), ctx);
  return node;
}

/**
 * Renders a Block Kit text object (plain_text or mrkdwn).
 * @param {any} obj
 * @param {RenderContext} ctx
 * @param {string} [tag]
 * @returns {HTMLElement}
 */
export function renderText(obj, ctx, tag = "div") {
  if (!obj || typeof obj !== "object") return el(tag, "", "");
  if (obj.type === "mrkdwn") return renderMrkdwn(String(obj.text ?? ""), ctx, tag);
  return el(tag, "plain", String(obj.text ?? ""));
}

/**
 * Plain text of a text object, for labels and buttons.
 * @param {any} obj
 * @returns {string}
 */
export function plain(obj) {
  return obj && typeof obj === "object" ? String(obj.text ?? "") : "";
}
