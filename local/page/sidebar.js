// @ts-check
/// <reference lib="dom" />
/**
 * The page's sidebar: channels, the acting user's DMs, shortcuts (link triggers) and the other
 * triggers with their webhook URLs and "Run now" for schedules.
 *
 * @module
 */
import { el } from "./dom.js";

/**
 * @typedef {object} SidebarContext
 * @property {(id: string) => string} userName
 * @property {(url: string, body?: unknown) => Promise<any>} api
 * @property {(text: string) => void} onError
 */

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * Starts a link trigger's workflow as the acting user; its form then opens as a modal.
 * @param {any} state the page's state
 * @param {SidebarContext} names
 * @param {string} triggerId
 */
async function runShortcut(state, names, triggerId) {
  try {
    await names.api("/_local/shortcuts", { user: state.as, trigger_id: triggerId });
  } catch (e) {
    names.onError(String(/** @type {Error} */ (e).message));
  }
}

/**
 * Renders the sidebar: channels, the acting user's DMs, shortcuts, webhook triggers.
 * @param {any} state the page's state (workspace, acting user, channel, unread channels)
 * @param {SidebarContext} names
 */
export function renderSidebar(state, names) {
  const { userName } = names;
  const channels = byId("channel-list");
  const dms = byId("dm-list");
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
  const triggers = byId("trigger-list");
  triggers.replaceChildren();
  const shortcuts = byId("shortcut-list");
  shortcuts.replaceChildren();
  for (const t of state.workspace.triggers ?? []) {
    if (t.type === "shortcut") {
      // A link trigger: clicking it starts its workflow as the acting user, as in Slack.
      const li = el("li", "shortcut");
      const button = /** @type {HTMLButtonElement} */ (el("button", "btn link", String(t.name)));
      button.type = "button";
      button.dataset.testid = `shortcut-${t.id}`;
      button.addEventListener("click", () => runShortcut(state, names, String(t.id)));
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
          names.api("/_local/schedules/run", { trigger_id: String(t.id) })
            .catch((e) => names.onError(String(/** @type {Error} */ (e).message))),
      );
      li.append(button);
    }
    if (t.webhook_url) li.append(el("code", "url", String(t.webhook_url)));
    triggers.append(li);
  }
}
