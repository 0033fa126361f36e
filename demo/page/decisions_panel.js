// @ts-check
/// <reference lib="dom" />
/**
 * Countersign's decisions panel: the decisions datastore, newest first, a page at a time, with
 * filters (outcome, bot, environment) and a detail view of one decision.
 * Loaded by the local page from `/_local/plugin/` (see local/page/plugins.js): `mount(root, host)`
 * renders into `root` and follows the platform's live events through `host.on`. All values go
 * in through `textContent`.
 *
 * @module
 */
import { decisionDetail, decisionRow, outcomeLabel, outcomeOf } from "./decision_view.js";

/** @typedef {import("../../local/page/plugins.js").PanelHost} PanelHost */

/** Rows per page: the panel stays short enough for the chart and the runs below it. */
export const PAGE_SIZE = 8;
/** At most this many records are read (newest first after reading). */
const MAX_ITEMS = 5000;

/**
 * What the reader chose; kept across live re-renders.
 * @typedef {object} View
 * @property {string} outcome
 * @property {string} bot
 * @property {string} environment
 * @property {number} page
 * @property {string} selected the decision id whose detail is open
 */

/**
 * A filter select with "all" first and the values present.
 * @param {PanelHost} host
 * @param {string} name
 * @param {string} all
 * @param {[string, string][]} options [value, label]
 * @param {string} value
 * @param {(value: string) => void} onChange
 */
function filter(host, name, all, options, value, onChange) {
  const select = /** @type {HTMLSelectElement} */ (host.el("select", "filter"));
  select.dataset.testid = `decisions-filter-${name}`;
  select.setAttribute("aria-label", `Filter by ${name}`);
  select.append(new Option(all, ""));
  for (const [v, label] of options) select.append(new Option(label, v));
  // A chosen value that no longer occurs stays selectable, so the filter does not jump.
  if (value && !options.some(([v]) => v === value)) select.append(new Option(value, value));
  select.value = value;
  select.addEventListener("change", () => onChange(select.value));
  return select;
}

/**
 * Distinct values of `key(d)` over `items`, sorted, with labels.
 * @param {any[]} items
 * @param {(d: any) => string} key
 * @param {(d: any) => string} [label]
 * @returns {[string, string][]}
 */
function distinct(items, key, label = key) {
  /** @type {Map<string, string>} */
  const seen = new Map();
  for (const d of items) {
    const k = key(d);
    if (k && !seen.has(k)) seen.set(k, label(d));
  }
  return [...seen].sort((a, b) => a[1].localeCompare(b[1]));
}

/**
 * Renders the filters, one page of rows (with the open detail) and the pager.
 * @param {HTMLElement} root
 * @param {any[]} all every decision, newest first
 * @param {View} view
 * @param {PanelHost} host
 * @param {() => void} rerender
 * @param {boolean} capped whether only the first MAX_ITEMS records were read
 */
function renderDecisions(root, all, view, host, rerender, capped) {
  const { el, cell } = host;
  root.replaceChildren();
  if (!all.length) {
    root.append(el("p", "empty", "No decisions yet."));
    return;
  }
  const set = (/** @type {Partial<View>} */ change) => {
    Object.assign(view, change);
    rerender();
  };
  const bot = (/** @type {any} */ d) => cell(d.service_id);
  const bar = el("div", "decision-filters");
  bar.append(
    filter(
      host,
      "outcome",
      "All outcomes",
      distinct(all, outcomeOf, (d) => outcomeLabel(outcomeOf(d))),
      view.outcome,
      (v) => set({ outcome: v, page: 0 }),
    ),
    filter(
      host,
      "bot",
      "All bots",
      distinct(all, bot, (d) => cell(d.service_name) || bot(d)),
      view.bot,
      (v) => set({ bot: v, page: 0 }),
    ),
    filter(
      host,
      "environment",
      "All environments",
      distinct(all, (d) => cell(d.environment)),
      view.environment,
      (v) => set({ environment: v, page: 0 }),
    ),
  );
  root.append(bar);
  const shown = all.filter((d) =>
    (!view.outcome || outcomeOf(d) === view.outcome) &&
    (!view.bot || bot(d) === view.bot) &&
    (!view.environment || cell(d.environment) === view.environment)
  );
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  view.page = Math.min(view.page, pages - 1);
  const first = view.page * PAGE_SIZE;
  const rows = shown.slice(first, first + PAGE_SIZE);
  if (!rows.length) {
    root.append(el("p", "empty", "No decisions match these filters."));
  } else {
    const table = el("table", "grid decisions");
    table.dataset.testid = "decisions-table";
    const head = el("tr");
    for (const h of ["Request", "What", "Env", "Outcome"]) head.append(el("th", "", h));
    table.append(head);
    for (const d of rows) {
      const open = view.selected === cell(d.id);
      const row = decisionRow(d, host, open);
      const toggle = () => set({ selected: open ? "" : cell(d.id) });
      row.addEventListener("click", toggle);
      row.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") {
          ev.preventDefault();
          toggle();
        }
      });
      table.append(row);
      if (open) {
        const tr = el("tr", "detail-row");
        const td = /** @type {HTMLTableCellElement} */ (el("td"));
        td.colSpan = 4;
        td.append(decisionDetail(d, host, () => set({ selected: "" })));
        tr.append(td);
        table.append(tr);
      }
    }
    root.append(table);
  }
  const pager = el("div", "pager");
  const range = shown.length ? `${first + 1}–${first + rows.length} of ${shown.length}` : "0";
  const count = el(
    "span",
    "muted",
    `${range}${shown.length < all.length ? ` (${all.length} in all)` : ""}${
      capped ? `, first ${MAX_ITEMS} read` : ""
    }`,
  );
  count.dataset.testid = "decisions-count";
  const button = (
    /** @type {string} */ text,
    /** @type {string} */ id,
    /** @type {boolean} */ enabled,
    /** @type {number} */ page,
  ) => {
    const b = /** @type {HTMLButtonElement} */ (el("button", "btn small", text));
    b.type = "button";
    b.dataset.testid = id;
    b.disabled = !enabled;
    b.addEventListener("click", () => set({ page }));
    return b;
  };
  pager.append(
    button("‹ Newer", "decisions-newer", view.page > 0, view.page - 1),
    count,
    button("Older ›", "decisions-older", view.page < pages - 1, view.page + 1),
  );
  root.append(pager);
}

/**
 * Shows the decisions datastore and re-reads it when it changes.
 * @param {HTMLElement} root
 * @param {PanelHost} host
 */
export function mount(root, host) {
  /** @type {View} */
  const view = { outcome: "", bot: "", environment: "", page: 0, selected: "" };
  let items = /** @type {any[]} */ ([]);
  let capped = false;
  const load = async () => {
    /** @type {any[]} */
    let all = [];
    let cursor = "";
    do {
      const q = new URLSearchParams({ limit: "1000" });
      if (cursor) q.set("cursor", cursor);
      const page = await host.api(`/_local/datastores/decisions?${q}`);
      all = all.concat(page.items ?? []);
      cursor = page.next_cursor ?? "";
    } while (cursor && all.length < MAX_ITEMS);
    return { all, capped: Boolean(cursor) };
  };
  const rerender = () => renderDecisions(root, items, view, host, rerender, capped);
  const refresh = host.latest(load, (loaded) => {
    items = loaded.all.sort((a, b) => Number(b.requested_at ?? 0) - Number(a.requested_at ?? 0));
    capped = loaded.capped;
    rerender();
  });
  host.on("datastore", (data) => {
    if (data.datastore === "decisions") refresh();
  });
  host.on("refresh", refresh);
}
