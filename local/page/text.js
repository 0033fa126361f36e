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

/**
 * Emoji short codes shown as characters (Slack's names). Others stay as `:code:` text. The page
 * bundles an emoji font (local/page/emoji_font.ts), so they show on machines without one.
 */
const EMOJI = /** @type {Record<string, string>} */ ({
  white_check_mark: "\u2705",
  heavy_check_mark: "\u2714\ufe0f",
  ballot_box_with_check: "\u2611\ufe0f",
  x: "\u274c",
  no_entry: "\u26d4",
  no_entry_sign: "\ud83d\udeab",
  hourglass: "\u231b",
  hourglass_flowing_sand: "\u23f3",
  warning: "\u26a0\ufe0f",
  rotating_light: "\ud83d\udea8",
  bell: "\ud83d\udd14",
  lock: "\ud83d\udd12",
  unlock: "\ud83d\udd13",
  key: "\ud83d\udd11",
  leftwards_arrow_with_hook: "\u21a9\ufe0f",
  robot_face: "\ud83e\udd16",
  rocket: "\ud83d\ude80",
  tada: "\ud83c\udf89",
  eyes: "\ud83d\udc40",
  memo: "\ud83d\udcdd",
  clipboard: "\ud83d\udccb",
  mag: "\ud83d\udd0d",
  gear: "\u2699\ufe0f",
  shield: "\ud83d\udee1\ufe0f",
  stopwatch: "\u23f1\ufe0f",
  alarm_clock: "\u23f0",
  calendar: "\ud83d\udcc6",
  information_source: "\u2139\ufe0f",
  question: "\u2753",
  exclamation: "\u2757",
  red_circle: "\ud83d\udd34",
  large_green_circle: "\ud83d\udfe2",
  large_yellow_circle: "\ud83d\udfe1",
  thumbsup: "\ud83d\udc4d",
  "+1": "\ud83d\udc4d",
  thumbsdown: "\ud83d\udc4e",
  "-1": "\ud83d\udc4e",
  wave: "\ud83d\udc4b",
  fire: "\ud83d\udd25",
  boom: "\ud83d\udca5",
  construction: "\ud83d\udea7",
  package: "\ud83d\udce6",
  link: "\ud83d\udd17",
});

/**
 * Appends plain text with its known `:short_code:` emoji as emoji spans.
 * @param {HTMLElement | DocumentFragment} parent
 * @param {string} text
 */
function appendWithEmoji(parent, text) {
  let last = 0;
  for (const match of text.matchAll(/:([a-z0-9_+-]{1,40}):/g)) {
    const emoji = EMOJI[match[1]];
    if (!emoji) continue;
    const at = match.index ?? 0;
    if (at > last) parent.append(document.createTextNode(text.slice(last, at)));
    const span = el("span", "emoji", emoji);
    span.title = match[0];
    span.setAttribute("role", "img");
    span.setAttribute("aria-label", match[1].replaceAll("_", " "));
    parent.append(span);
    last = at + match[0].length;
  }
  if (last < text.length) parent.append(document.createTextNode(text.slice(last)));
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
        appendWithEmoji(parent, n.text);
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
