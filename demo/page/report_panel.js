// @ts-check
/// <reference lib="dom" />
/**
 * Countersign's report chart: the platform draws it (the same SVG as `deno task cli report`),
 * laid out for the panel's width so its text reads at 12 px and is never scaled down.
 * Loaded by the local page from `/_local/plugin/` (see local/page/plugins.js): `mount(root, host)`
 * renders into `root` and follows the platform's live events through `host.on`.
 *
 * @module
 */

/** @typedef {import("../../local/page/plugins.js").PanelHost} PanelHost */

/** The chart's narrowest and widest layouts (lib/metrics/chart.ts). */
const MIN_WIDTH = 320, MAX_WIDTH = 1600;

/**
 * Shows the chart and redraws it when a decision changes or the panel's width does.
 * @param {HTMLElement} root
 * @param {PanelHost} host
 */
export function mount(root, host) {
  const img = /** @type {HTMLImageElement} */ (host.el("img", "report-chart"));
  img.id = "report-chart";
  img.dataset.testid = "report-chart";
  img.alt = "Chart of decisions by outcome and time to decision over the last 7 days";
  let width = 0;
  const refresh = () => {
    // An unseen panel (a closed drawer) keeps its last width rather than asking for none.
    const inner = Math.floor(root.clientWidth) - 2;
    if (inner > 0) width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, inner));
    if (!width) return;
    img.dataset.width = String(width);
    // A fresh query string makes the browser fetch the redrawn chart.
    img.src = `/_local/report.svg?width=${width}&t=${Date.now()}`;
  };
  root.append(img);
  refresh();
  new ResizeObserver(() => {
    const inner = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.floor(root.clientWidth) - 2));
    if (root.clientWidth > 0 && inner !== width) refresh();
  }).observe(root);
  host.on("datastore", (data) => {
    if (data.datastore === "decisions") refresh();
  });
  host.on("refresh", refresh);
}
