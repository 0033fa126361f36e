// @ts-check
/// <reference lib="dom" />
/**
 * Countersign's report chart: the platform draws it (the same SVG as `deno task cli report`).
 * Loaded by the local page from `/_local/plugin/` (see local/page/plugins.js): `mount(root, host)`
 * renders into `root` and follows the platform's live events through `host.on`. All values go
 * in through `textContent`.
 *
 * @module
 */

/** @typedef {import("../../local/page/plugins.js").PanelHost} PanelHost */

/**
 * Shows the chart and redraws it when a decision changes.
 * @param {HTMLElement} root
 * @param {PanelHost} host
 */
export function mount(root, host) {
  const img = /** @type {HTMLImageElement} */ (host.el("img", "report-chart"));
  img.id = "report-chart";
  img.dataset.testid = "report-chart";
  img.alt = "Chart of decisions by outcome and time to decision over the last 7 days";
  // A fresh query string makes the browser fetch the redrawn chart.
  const refresh = () => (img.src = `/_local/report.svg?t=${Date.now()}`);
  refresh();
  root.append(img);
  host.on("datastore", (data) => {
    if (data.datastore === "decisions") refresh();
  });
  host.on("refresh", refresh);
}
