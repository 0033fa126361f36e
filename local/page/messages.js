// @ts-check
/// <reference lib="dom" />
/**
 * The channel's message list: renders messages and keeps the reader's place. A channel opens at
 * its newest message; while the reader is at the bottom, new messages stay in view; a reader who
 * scrolled up keeps their place and gets a "New messages" button instead, except for replies
 * meant for them alone (ephemeral messages answer their own clicks, so they are brought into view).
 *
 * @module
 */
import { el, renderBlocks, renderMrkdwn } from "./blocks.js";
import { formatTime } from "./dom.js";

/** How close to the bottom (px) still counts as "at the bottom". */
const NEAR_BOTTOM = 48;

/**
 * @typedef {object} MessageNames
 * @property {(id: string) => string} userName
 * @property {(message: any) => import("./blocks.js").RenderContext} context
 * @property {string} botUserId
 */

/**
 * Renders one message with its author, time and blocks (or its text when it has none).
 * @param {any} m
 * @param {MessageNames} names
 * @param {Map<string, any>} users
 * @returns {HTMLElement}
 */
export function renderMessage(m, names, users) {
  const node = el("article", m.ephemeral_to ? "message ephemeral" : "message");
  node.dataset.testid = m.ephemeral_to ? "ephemeral-message" : "message";
  node.dataset.ts = String(m.ts);
  const author = users.get(m.user);
  const head = el("div", "message-head");
  const who = el("span", "author", names.userName(m.user) || String(m.user ?? "unknown"));
  if (m.user) who.title = String(m.user);
  head.append(who);
  if (author?.is_bot || m.user === names.botUserId) head.append(el("span", "app-badge", "APP"));
  head.append(el("span", "muted", formatTime(m.ts)));
  if (m.edited_ts) head.append(el("span", "muted edited", "(edited)"));
  if (m.ephemeral_to) head.append(el("span", "muted", "Only visible to you"));
  node.append(head);
  const ctx = names.context(m);
  if (Array.isArray(m.blocks) && m.blocks.length) node.append(renderBlocks(m.blocks, ctx));
  else node.append(renderMrkdwn(String(m.text ?? ""), ctx));
  return node;
}

/**
 * Keeps the message list's scroll position sensible across re-renders (see the module notes).
 * @param {HTMLElement} list the scrolling message list
 * @param {HTMLButtonElement} pill the "New messages" button
 */
export function createMessageView(list, pill) {
  let channel = "";
  /** @type {Set<string>} */
  let seen = new Set();
  let pinned = true;
  // The list says whether it follows the newest message (tests and styles can wait on it).
  const setPinned = (/** @type {boolean} */ value) => {
    pinned = value;
    list.dataset.pinned = String(value);
  };
  const atBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_BOTTOM;
  const toBottom = () => {
    list.scrollTop = list.scrollHeight;
    setPinned(true);
    pill.hidden = true;
  };
  list.addEventListener("scroll", () => {
    setPinned(atBottom());
    if (pinned) pill.hidden = true;
  });
  pill.addEventListener("click", toBottom);
  // Late layout (fonts, wrapped lines) must not leave a pinned reader short of the newest one.
  const keepPinned = () => {
    if (pinned) list.scrollTop = list.scrollHeight;
  };
  new ResizeObserver(keepPinned).observe(list);
  document.fonts?.ready.then(keepPinned);

  return {
    /**
     * Replaces the list's content with `messages` of `channelId`.
     * @param {string} channelId
     * @param {any[]} messages oldest first
     * @param {(m: any) => HTMLElement} render
     * @param {string} actingUser
     */
    show(channelId, messages, render, actingUser) {
      const switched = channelId !== channel;
      const wasPinned = switched || pinned || atBottom();
      const top = list.scrollTop;
      const fresh = switched ? [] : messages.filter((m) => !seen.has(String(m.ts)));
      const nodes = messages.map(render);
      list.replaceChildren(...nodes);
      if (!messages.length) list.append(el("p", "empty", "No messages yet."));
      channel = channelId;
      list.dataset.channel = channelId;
      seen = new Set(messages.map((m) => String(m.ts)));
      if (wasPinned) {
        toBottom();
        return;
      }
      list.scrollTop = top;
      const forMe = fresh.findLast((m) => m.ephemeral_to && m.ephemeral_to === actingUser);
      if (forMe) {
        nodes[messages.indexOf(forMe)].scrollIntoView({ block: "nearest" });
        setPinned(atBottom());
      } else if (fresh.length) {
        pill.textContent = fresh.length === 1
          ? "1 new message ↓"
          : `${fresh.length} new messages ↓`;
        pill.hidden = false;
      }
    },
  };
}
