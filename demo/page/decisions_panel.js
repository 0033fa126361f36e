// @ts-check
/// <reference lib="dom" />
/**
 * Countersign's decisions panel: the decisions datastore as a table, newest first.
 * Loaded by the local page from `/_local/plugin/` (see local/page/plugins.js): `mount(root, host)`
 * renders into `root` and follows the platform's live events through `host.on`. All values go
 * in through `textContent`.
 *
 * @module
 */

/** @typedef {import("../../local/page/plugins.js").PanelHost} PanelHost */

/**
 * Renders the decisions table (newest first).
 * @param {HTMLElement} root
 * @param {any[]} items
 * @param {PanelHost} host
 */
function renderDecisions(root, items, host) {
  const { el, cell } = host;
  const userName = host.userName;
  root.replaceChildren();
  if (!items.length) {
    root.append(el("p", "empty", "No decisions yet."));
    return;
  }
  const sorted = [...items].sort((a, b) =>
    Number(b.requested_at ?? 0) - Number(a.requested_at ?? 0)
  );
  const table = el("table", "grid");
  table.dataset.testid = "decisions-table";
  const head = el("tr");
  for (const h of ["Request", "Action", "Env", "Outcome", "By", "Callback"]) {
    head.append(el("th", "", h));
  }
  table.append(head);
  for (const d of sorted) {
    const row = el("tr");
    row.dataset.testid = "decision-row";
    row.dataset.id = cell(d.id);
    row.dataset.requestId = cell(d.request_id);
    row.dataset.outcome = cell(d.outcome || d.status);
    const req = el("td");
    req.append(el("div", "strong", cell(d.request_id) || cell(d.id)));
    req.append(el("div", "muted", cell(d.service_id)));
    row.append(req);
    const what = el("td");
    what.append(el("div", "", cell(d.action)));
    what.append(el("div", "muted", cell(d.resource)));
    row.append(what);
    row.append(el("td", "", cell(d.environment)));
    const outcome = el("td");
    const badge = el(
      "span",
      `badge outcome-${cell(d.outcome || d.status)}`,
      cell(d.outcome || d.status),
    );
    badge.dataset.testid = "decision-outcome";
    outcome.append(badge);
    if (d.reason_code) outcome.append(el("div", "muted", cell(d.reason_code)));
    if (d.denial_reason) outcome.append(el("div", "muted", `“${cell(d.denial_reason)}”`));
    row.append(outcome);
    const by = Array.isArray(d.decided_by) ? d.decided_by.map(userName).join(", ") : "";
    row.append(el("td", "", by));
    const cb = el("td", "", cell(d.callback_status));
    if (d.callback_detail) cb.title = cell(d.callback_detail);
    row.append(cb);
    table.append(row);
  }
  root.append(table);
}

/**
 * Shows the decisions datastore and re-reads it when it changes.
 * @param {HTMLElement} root
 * @param {PanelHost} host
 */
export function mount(root, host) {
  const load = async () => {
    /** @type {any[]} */
    let items = [];
    let cursor = "";
    do {
      const q = new URLSearchParams({ limit: "100" });
      if (cursor) q.set("cursor", cursor);
      const page = await host.api(`/_local/datastores/decisions?${q}`);
      items = items.concat(page.items ?? []);
      cursor = page.next_cursor ?? "";
    } while (cursor && items.length < 1000);
    return items;
  };
  const refresh = host.latest(load, (items) => renderDecisions(root, items, host));
  host.on("datastore", (data) => {
    if (data.datastore === "decisions") refresh();
  });
  host.on("refresh", refresh);
}
