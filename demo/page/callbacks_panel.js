// @ts-check
/// <reference lib="dom" />
/**
 * Countersign's callbacks panel: what the demo bot's callback receiver got, newest first.
 * Loaded by the local page from `/_local/plugin/` (see local/page/plugins.js): `mount(root, host)`
 * renders into `root` and follows the platform's live events through `host.on`. All values go
 * in through `textContent`.
 *
 * @module
 */

import { shortId } from "./decision_view.js";

/** @typedef {import("../../local/page/plugins.js").PanelHost} PanelHost */

/**
 * Renders callback deliveries received by the demo receiver (newest first).
 * @param {HTMLElement} root
 * @param {any[]} callbacks
 * @param {PanelHost} host
 */
function renderCallbacks(root, callbacks, host) {
  const { el, cell, formatTime } = host;
  root.replaceChildren();
  if (!callbacks.length) {
    root.append(el("p", "empty", "No callbacks received yet."));
    return;
  }
  const list = el("ul", "callbacks");
  for (const c of [...callbacks].reverse()) {
    const item = el("li", "callback");
    item.dataset.testid = "callback-row";
    const body = c.body && typeof c.body === "object" ? c.body : {};
    item.dataset.requestId = cell(body.request_id);
    item.dataset.outcome = cell(body.outcome);
    item.dataset.verified = String(Boolean(c.verified));
    const top = el("div", "callback-top");
    const v = el(
      "span",
      c.verified ? "badge ok" : "badge bad",
      c.verified ? "verified" : "NOT verified",
    );
    v.dataset.testid = "callback-verified";
    const id = el("span", "short-id", shortId(cell(body.request_id)));
    id.title = cell(body.request_id);
    top.append(v, el("span", "strong", ` ${cell(body.outcome).replaceAll("_", " ")} `), id);
    top.append(el("span", "muted", ` ${formatTime(c.received_at)}`));
    item.append(top);
    if (c.error) item.append(el("div", "error-text", cell(c.error)));
    const details = el("details");
    details.append(el("summary", "", "body"));
    details.append(el("pre", "", JSON.stringify(c.body ?? c.raw ?? null, null, 2)));
    item.append(details);
    list.append(item);
  }
  root.append(list);
}

/**
 * Shows the callbacks received and re-reads them on each delivery.
 * @param {HTMLElement} root
 * @param {PanelHost} host
 */
export function mount(root, host) {
  const refresh = host.latest(
    async () => (await host.api("/_local/callbacks")).callbacks ?? [],
    (callbacks) => renderCallbacks(root, callbacks, host),
  );
  host.on("callback", refresh);
  host.on("run", refresh);
  host.on("refresh", refresh);
}
