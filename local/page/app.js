// @ts-check
/// <reference lib="dom" />
/**
 * The local platform's page: a Slack-like view of the local workspace. It reads the server's
 * `/_local/*` JSON endpoints, follows `/_local/events` (Server-Sent Events) to update without
 * reloading, and sends button clicks and modal submissions back as the chosen "acting as" user.
 *
 * @module
 */
import { el } from "./blocks.js";
import { cell, formatTime } from "./dom.js";
import { createMessageView, renderMessage } from "./messages.js";
import { setupPanelToggle } from "./layout.js";
import { createNames } from "./names.js";
import { renderRuns } from "./panels.js";
import { closeModal, showConfirm, showModal } from "./modal.js";
import { followEvents } from "./events.js";
import { mountPanels } from "./plugins.js";
import { renderSidebar } from "./sidebar.js";
import {
  api,
  latest,
  onPanelEvent,
  panelListeners,
  safely,
  startLoad,
  toast,
  withPanels,
} from "./net.js";

/** Where the chosen user is remembered across reloads (the plugin may name the key). */
const asKey = () => `${state.workspace?.page?.storage_key || "local-platform"}.as`;

const state = {
  /** @type {any} */ workspace: null,
  /** @type {Map<string, any>} */ users: new Map(),
  /** @type {string} */ as: "",
  /** @type {string} */ channel: "",
  /** @type {Set<string>} */ unread: new Set(),
  /** @type {Set<string>} */ openRuns: new Set(),
};

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const { userName, channelName, groupHandle } = createNames(state);

/** The render context for message blocks. @returns {import("./blocks.js").RenderContext} */
function messageContext(/** @type {any} */ message) {
  return {
    userName,
    channelName,
    groupHandle,
    onAction: (block, element) => clickButton(message, block, element),
  };
}

/**
 * Sends a button click (after its confirm dialog, when it has one).
 * @param {any} message
 * @param {any} block
 * @param {any} element
 */
async function clickButton(message, block, element) {
  const names = { userName, channelName, groupHandle };
  if (element.confirm && !(await showConfirm(element.confirm, names))) return;
  try {
    const res = await api("/_local/actions", {
      user: state.as,
      channel: message.channel,
      message_ts: message.ts,
      action_id: element.action_id,
      block_id: block.block_id ?? "",
      value: element.value ?? "",
    });
    if (!res.ok) toast(`Cannot deliver the click: ${res.error ?? "unknown error"}`, true);
  } catch (e) {
    toast(String(/** @type {Error} */ (e).message), true);
  }
}

/** Renders the sidebar for the acting user. */
function showSidebar() {
  renderSidebar(state, {
    userName,
    api,
    onError: (text) => toast(text, true),
  });
}

/** The message list's scroll keeper (created once the page has loaded). */
/** @type {ReturnType<typeof createMessageView> | undefined} */
let messageView;

/** Loads and renders the current channel's messages. */
async function loadMessages() {
  if (!state.channel) return;
  const channel = state.channel;
  const current = startLoad("messages");
  const q = new URLSearchParams({ channel, as: state.as });
  const { messages } = await api(`/_local/messages?${q}`);
  if (!current() || channel !== state.channel) return;
  messageView ??= createMessageView(
    $("message-list"),
    /** @type {HTMLButtonElement} */ ($("new-messages")),
  );
  const names = {
    userName,
    context: messageContext,
    botUserId: String(state.workspace.bot_user_id ?? ""),
  };
  messageView.show(channel, messages, (m) => renderMessage(m, names, state.users), state.as);
}

/** Loads and renders the open modal of the acting user, if any. */
async function loadViews() {
  const current = startLoad("views");
  const res = await api(`/_local/views?as=${encodeURIComponent(state.as)}`);
  if (!current()) return;
  const views = Array.isArray(res) ? res : (res.views ?? []);
  if (!views.length) {
    closeModal();
    return;
  }
  // The top of a views.push stack is the view no other view was pushed onto.
  const below = new Set(views.map((/** @type {any} */ v) => v.previous_view_id).filter(Boolean));
  const top = views.filter((/** @type {any} */ v) => !below.has(v.id)).at(-1) ?? views.at(-1);
  showModal(top, {
    userName,
    channelName,
    groupHandle,
    submit: (values) => api("/_local/views/submit", { user: state.as, view_id: top.id, values }),
    close: () => api("/_local/views/close", { user: state.as, view_id: top.id }),
    onError: (text) => toast(text, true),
  });
}

async function loadRuns() {
  const current = startLoad("runs");
  const { runs } = await api("/_local/runs?limit=50");
  if (!current()) return;
  renderRuns($("runs"), runs ?? [], state.openRuns);
}

/** Picks the channel from the URL hash (default #approvals) and renders it. */
function selectChannelFromHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  const channels = state.workspace.channels;
  const found = channels.find((/** @type {any} */ c) => c.id === id || c.name === id);
  const preferred = state.workspace.page?.default_channel;
  const fallback = channels.find((/** @type {any} */ c) => c.name === preferred) ?? channels[0];
  state.channel = (found ?? fallback)?.id ?? "";
  state.unread.delete(state.channel);
  const c = channels.find((/** @type {any} */ x) => x.id === state.channel);
  const title = $("channel-title");
  title.textContent = c ? (c.is_im ? channelName(c.id) : `# ${c.name}`) : "";
  title.title = c?.id ?? "";
  showSidebar();
  safely(loadMessages);
}

/** Reloads the workspace directory (users, channels, triggers). */
async function loadWorkspace() {
  state.workspace = await api("/_local/state");
  state.users = new Map(state.workspace.users.map((/** @type {any} */ u) => [u.id, u]));
  $("workspace-name").textContent = String(state.workspace.team?.name ?? "Local workspace");
  $("app-name").textContent = String(state.workspace.app?.name ?? "");
  document.title = `${state.workspace.app?.name ?? "App"} · local workspace`;
  const select = /** @type {HTMLSelectElement} */ ($("acting-as"));
  const humans = state.workspace.users.filter((/** @type {any} */ u) => !u.is_bot);
  select.replaceChildren(
    ...humans.map((/** @type {any} */ u) => {
      const option = new Option(String(u.real_name || u.name || u.id), u.id);
      option.title = u.id;
      return option;
    }),
  );
  const saved = localStorage.getItem(asKey()) ?? "";
  state.as = humans.some((/** @type {any} */ u) => u.id === saved) ? saved : (humans[0]?.id ?? "");
  select.value = state.as;
}

/**
 * A new direct message to the acting user, elsewhere than the open channel, is announced with a
 * button that opens it (an admin form's result arrives in a DM: it must not go unnoticed).
 * @param {string} channel
 * @param {any} data the event (`op`, `channel`, `ts`)
 */
function noticeDirectMessage(channel, data) {
  const c = state.workspace.channels.find((/** @type {any} */ x) => x.id === channel);
  if (!c?.is_im || !c.members.includes(state.as) || data.op !== "posted") return;
  toast(`New direct message from ${channelName(channel) || "the app"}`, false, {
    label: "Open",
    run: () => (location.hash = channel),
  });
}

/** Reacts to platform events: re-reads only what changed. */
function listen() {
  const refreshDirectory = () =>
    safely(async () => {
      await loadWorkspace();
      showSidebar();
    });
  const onView = (/** @type {any} */ data) => {
    if (!data.user || data.user === state.as) safely(loadViews);
  };
  followEvents(
    withPanels({
      message: (data) => {
        const channel = data.channel ?? data.message?.channel;
        const ephemeralTo = data.message?.ephemeral_to;
        if (ephemeralTo && ephemeralTo !== state.as) return;
        if (channel === state.channel) safely(loadMessages);
        else if (channel) {
          const first = !state.unread.has(channel);
          state.unread.add(channel);
          // A DM opened by the app is a new channel: refresh the directory first.
          const known = state.workspace.channels.some((/** @type {any} */ c) => c.id === channel);
          if (known) {
            if (first) showSidebar();
            noticeDirectMessage(channel, data);
          } else {
            safely(async () => {
              await loadWorkspace();
              showSidebar();
              noticeDirectMessage(channel, data);
            });
          }
        }
      },
      view: onView,
      view_closed: onView,
      run: () => safely(loadRuns),
      function_completed: () => safely(loadRuns),
      trigger: refreshDirectory,
    }),
    $("connection-status"),
    refreshAll,
  );
}

/** Re-reads everything (after the event stream reconnects, events may have been missed). */
function refreshAll() {
  safely(loadMessages);
  safely(loadViews);
  safely(loadRuns);
  for (const fn of panelListeners.get("refresh") ?? []) fn({});
}

async function main() {
  setupPanelToggle(document.body, /** @type {HTMLButtonElement} */ ($("panel-toggle")));
  await loadWorkspace();
  const page = state.workspace.page ?? {};
  if (page.stylesheet) {
    const link = /** @type {HTMLLinkElement} */ (el("link"));
    link.rel = "stylesheet";
    link.href = `/_local/plugin/${encodeURIComponent(page.stylesheet)}`;
    document.head.append(link);
  }
  await mountPanels(
    page.panels ?? [],
    $("runs-section"),
    { el, cell, formatTime, api, userName, latest },
    onPanelEvent,
    (text) => toast(text, true),
  );
  $("acting-as").addEventListener("change", (ev) => {
    state.as = /** @type {HTMLSelectElement} */ (ev.target).value;
    localStorage.setItem(asKey(), state.as);
    selectChannelFromHash();
    safely(loadViews);
  });
  addEventListener("hashchange", selectChannelFromHash);
  selectChannelFromHash();
  listen();
  refreshAll();
  document.body.dataset.ready = "true";
}

main().catch((e) => toast(String(e?.message ?? e), true));
