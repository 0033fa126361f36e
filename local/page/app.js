// @ts-check
/// <reference lib="dom" />
/**
 * The local platform's page: a Slack-like view of the local workspace. It reads the server's
 * `/_local/*` JSON endpoints, follows `/_local/events` (Server-Sent Events) to update without
 * reloading, and sends button clicks and modal submissions back as the chosen "acting as" user.
 *
 * @module
 */
import { el, renderBlocks, renderMrkdwn } from "./blocks.js";
import { formatTime, renderCallbacks, renderDecisions, renderRuns } from "./panels.js";
import { closeModal, showConfirm, showModal } from "./modal.js";
import { followEvents } from "./events.js";

/** Where the chosen user is remembered across reloads. */
const AS_KEY = "countersign.local.as";

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

/**
 * GETs or POSTs JSON; throws `Cannot …` errors the page shows as a toast.
 * @param {string} url
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
async function api(url, body) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  };
  const res = await fetch(url, init);
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`Cannot read ${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
  }
  if (!res.ok && !json.errors) {
    throw new Error(`Cannot load ${url}: ${json.error ?? `HTTP ${res.status}`}`);
  }
  return json;
}

/**
 * Shows a short notice at the bottom of the page.
 * @param {string} text
 * @param {boolean} [error]
 */
export function toast(text, error = false) {
  const t = $("toast");
  t.textContent = text;
  t.className = error ? "toast error" : "toast";
  t.hidden = false;
  clearTimeout(Number(t.dataset.timer));
  t.dataset.timer = String(setTimeout(() => (t.hidden = true), 6000));
}

/** @param {string} id */
function userName(id) {
  const u = state.users.get(id);
  return u ? String(u.real_name || u.name || id) : "";
}

/** @param {string} id */
function channelName(id) {
  const c = state.workspace?.channels?.find((/** @type {any} */ x) => x.id === id);
  return c ? String(c.name) : "";
}

/** @param {string} id */
function groupHandle(id) {
  const g = state.workspace?.usergroups?.find((/** @type {any} */ x) => x.id === id);
  return g ? String(g.handle) : "";
}

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

/**
 * Starts a link trigger's workflow as the acting user; its form then opens as a modal.
 * @param {string} triggerId
 */
async function runShortcut(triggerId) {
  try {
    await api("/_local/shortcuts", { user: state.as, trigger_id: triggerId });
  } catch (e) {
    toast(String(/** @type {Error} */ (e).message), true);
  }
}

/** Renders the sidebar: channels, the acting user's DMs, shortcuts, webhook triggers. */
function renderSidebar() {
  const channels = $("channel-list");
  const dms = $("dm-list");
  channels.replaceChildren();
  dms.replaceChildren();
  for (const c of state.workspace.channels) {
    if (c.is_im && !c.members.includes(state.as)) continue;
    const li = el("li", c.id === state.channel ? "active" : "");
    const a = /** @type {HTMLAnchorElement} */ (el("a"));
    a.href = `#${c.id}`;
    if (c.is_im) {
      const others = c.members.filter((/** @type {string} */ m) => m !== state.as);
      a.textContent = others.map(userName).join(", ") || userName(state.as);
      a.dataset.testid = `dm-${others.join("-")}`;
    } else {
      a.textContent = `# ${c.name}`;
      a.dataset.testid = `channel-${c.name}`;
    }
    if (state.unread.has(c.id)) a.append(el("span", "unread-dot", "•"));
    li.append(a);
    (c.is_im ? dms : channels).append(li);
  }
  const triggers = $("trigger-list");
  triggers.replaceChildren();
  const shortcuts = $("shortcut-list");
  shortcuts.replaceChildren();
  for (const t of state.workspace.triggers ?? []) {
    if (t.type === "shortcut") {
      // A link trigger: clicking it starts its workflow as the acting user, as in Slack.
      const li = el("li", "shortcut");
      const button = /** @type {HTMLButtonElement} */ (el("button", "btn link", String(t.name)));
      button.type = "button";
      button.dataset.testid = `shortcut-${t.id}`;
      button.addEventListener("click", () => runShortcut(String(t.id)));
      li.append(button);
      shortcuts.append(li);
      continue;
    }
    const li = el("li", "trigger");
    li.append(el("div", "", `${t.name} (${t.type})`));
    if (t.type === "scheduled") {
      // Scheduled triggers fire on their own; "Run now" saves waiting an hour for the sweep.
      const button = /** @type {HTMLButtonElement} */ (el("button", "btn link", "Run now"));
      button.type = "button";
      button.dataset.testid = `run-schedule-${t.id}`;
      button.addEventListener(
        "click",
        () =>
          api("/_local/schedules/run", { trigger_id: String(t.id) })
            .catch((e) => toast(String(/** @type {Error} */ (e).message), true)),
      );
      li.append(button);
    }
    if (t.webhook_url) li.append(el("code", "url", String(t.webhook_url)));
    triggers.append(li);
  }
}

/** @type {Map<string, number>} */
const loads = new Map();

/**
 * Starts a load of `name` and returns whether it is still the newest one. Live events start
 * overlapping loads; a slower, older answer must not overwrite a newer one (it would show, say,
 * the buttons again on a request that was just decided).
 * @param {string} name
 * @returns {() => boolean}
 */
function startLoad(name) {
  const n = (loads.get(name) ?? 0) + 1;
  loads.set(name, n);
  return () => loads.get(name) === n;
}

/** Loads and renders the current channel's messages. */
async function loadMessages() {
  if (!state.channel) return;
  const channel = state.channel;
  const current = startLoad("messages");
  const q = new URLSearchParams({ channel, as: state.as });
  const { messages } = await api(`/_local/messages?${q}`);
  if (!current() || channel !== state.channel) return;
  const list = $("message-list");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.replaceChildren();
  if (!messages.length) list.append(el("p", "empty", "No messages yet."));
  for (const m of messages) list.append(renderMessage(m));
  if (atBottom || list.dataset.channel !== channel) list.scrollTop = list.scrollHeight;
  list.dataset.channel = channel;
}

/**
 * Renders one message with its author, time and blocks (or its text when it has none).
 * @param {any} m
 * @returns {HTMLElement}
 */
function renderMessage(m) {
  const node = el("article", m.ephemeral_to ? "message ephemeral" : "message");
  node.dataset.testid = m.ephemeral_to ? "ephemeral-message" : "message";
  node.dataset.ts = String(m.ts);
  const author = state.users.get(m.user);
  const head = el("div", "message-head");
  head.append(el("span", "author", userName(m.user) || String(m.user ?? "unknown")));
  if (author?.is_bot || m.user === state.workspace.bot_user_id) {
    head.append(el("span", "app-badge", "APP"));
  }
  head.append(el("span", "muted", formatTime(m.ts)));
  if (m.edited_ts) head.append(el("span", "muted edited", "(edited)"));
  if (m.ephemeral_to) head.append(el("span", "muted", "Only visible to you"));
  node.append(head);
  const ctx = messageContext(m);
  if (Array.isArray(m.blocks) && m.blocks.length) node.append(renderBlocks(m.blocks, ctx));
  else node.append(renderMrkdwn(String(m.text ?? ""), ctx));
  return node;
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

async function loadDecisions() {
  const current = startLoad("decisions");
  /** @type {any[]} */
  let items = [];
  let cursor = "";
  do {
    const q = new URLSearchParams({ limit: "100" });
    if (cursor) q.set("cursor", cursor);
    const page = await api(`/_local/datastores/decisions?${q}`);
    items = items.concat(page.items ?? []);
    cursor = page.next_cursor ?? "";
  } while (cursor && items.length < 1000);
  if (!current()) return;
  renderDecisions($("decisions"), items, userName);
  // The chart is drawn by the platform (the same SVG as `deno task cli report`); reloading it
  // with a fresh query string redraws it with the new decision.
  /** @type {HTMLImageElement} */ ($("report-chart")).src = `/_local/report.svg?t=${Date.now()}`;
}

async function loadCallbacks() {
  const current = startLoad("callbacks");
  const { callbacks } = await api("/_local/callbacks");
  if (!current()) return;
  renderCallbacks($("callbacks"), callbacks ?? []);
}

async function loadRuns() {
  const current = startLoad("runs");
  const { runs } = await api("/_local/runs?limit=50");
  if (!current()) return;
  renderRuns($("runs"), runs ?? [], state.openRuns);
}

/**
 * Runs a loader, reporting failures instead of breaking the page.
 * @param {() => Promise<void>} fn
 */
function safely(fn) {
  fn().catch((e) => toast(String(e?.message ?? e), true));
}

/** Picks the channel from the URL hash (default #approvals) and renders it. */
function selectChannelFromHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  const channels = state.workspace.channels;
  const found = channels.find((/** @type {any} */ c) => c.id === id || c.name === id);
  const fallback = channels.find((/** @type {any} */ c) => c.name === "approvals") ?? channels[0];
  state.channel = (found ?? fallback)?.id ?? "";
  state.unread.delete(state.channel);
  const c = channels.find((/** @type {any} */ x) => x.id === state.channel);
  $("channel-title").textContent = c ? (c.is_im ? `DM ${c.id}` : `# ${c.name}`) : "";
  renderSidebar();
  safely(loadMessages);
}

/** Reloads the workspace directory (users, channels, triggers). */
async function loadWorkspace() {
  state.workspace = await api("/_local/state");
  state.users = new Map(state.workspace.users.map((/** @type {any} */ u) => [u.id, u]));
  $("workspace-name").textContent = String(state.workspace.team?.name ?? "Local workspace");
  const select = /** @type {HTMLSelectElement} */ ($("acting-as"));
  const humans = state.workspace.users.filter((/** @type {any} */ u) => !u.is_bot);
  select.replaceChildren(
    ...humans.map((/** @type {any} */ u) => new Option(`${u.real_name} (${u.id})`, u.id)),
  );
  const saved = localStorage.getItem(AS_KEY) ?? "";
  state.as = humans.some((/** @type {any} */ u) => u.id === saved) ? saved : (humans[0]?.id ?? "");
  select.value = state.as;
}

/** Reacts to platform events: re-reads only what changed. */
function listen() {
  const refreshDirectory = () =>
    safely(async () => {
      await loadWorkspace();
      renderSidebar();
    });
  const onView = (/** @type {any} */ data) => {
    if (!data.user || data.user === state.as) safely(loadViews);
  };
  followEvents(
    {
      message: (data) => {
        const channel = data.channel ?? data.message?.channel;
        const ephemeralTo = data.message?.ephemeral_to;
        if (ephemeralTo && ephemeralTo !== state.as) return;
        if (channel === state.channel) safely(loadMessages);
        else if (channel && !state.unread.has(channel)) {
          state.unread.add(channel);
          // A DM opened by the app is a new channel: refresh the directory first.
          const known = state.workspace.channels.some((/** @type {any} */ c) => c.id === channel);
          if (known) renderSidebar();
          else refreshDirectory();
        }
      },
      view: onView,
      view_closed: onView,
      run: () => {
        safely(loadRuns);
        safely(loadCallbacks);
      },
      datastore: (data) => {
        if (data.datastore === "decisions") safely(loadDecisions);
      },
      callback: () => safely(loadCallbacks),
      function_completed: () => safely(loadRuns),
      trigger: refreshDirectory,
    },
    $("connection-status"),
    refreshAll,
  );
}

/** Re-reads everything (after the event stream reconnects, events may have been missed). */
function refreshAll() {
  safely(loadMessages);
  safely(loadViews);
  safely(loadDecisions);
  safely(loadCallbacks);
  safely(loadRuns);
}

async function main() {
  await loadWorkspace();
  $("acting-as").addEventListener("change", (ev) => {
    state.as = /** @type {HTMLSelectElement} */ (ev.target).value;
    localStorage.setItem(AS_KEY, state.as);
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
