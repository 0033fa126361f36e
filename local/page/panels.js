// @ts-check
/// <reference lib="dom" />
/**
 * The page's own side panel: workflow runs with their steps. (A plugin adds its panels, see
 * `plugins.js`.) All values go in through `textContent`.
 *
 * @module
 */
import { cell, el, formatTime } from "./dom.js";

export { formatTime } from "./dom.js";

/**
 * Renders workflow runs with their steps (newest first, as the server returns them).
 * @param {HTMLElement} root
 * @param {any[]} runs
 * @param {Set<string>} open run ids whose details the user opened (kept across re-renders)
 */
export function renderRuns(root, runs, open) {
  root.replaceChildren();
  if (!runs.length) {
    root.append(el("p", "empty", "No workflow runs yet."));
    return;
  }
  for (const run of runs) {
    const details = /** @type {HTMLDetailsElement} */ (el("details", "run"));
    details.dataset.testid = "run";
    details.dataset.status = cell(run.status);
    details.open = open.has(run.id);
    details.addEventListener("toggle", () => {
      if (details.open) open.add(run.id);
      else open.delete(run.id);
    });
    const summary = el("summary");
    summary.append(el("span", `badge run-${cell(run.status)}`, cell(run.status)));
    summary.append(el("span", "strong", ` ${cell(run.workflow)} `));
    summary.append(el("span", "muted", `${cell(run.id)} ${formatTime(run.started)}`));
    details.append(summary);
    if (run.error) details.append(el("div", "error-text", cell(run.error)));
    const inputs = el("details", "io");
    inputs.append(
      el("summary", "", "inputs"),
      el("pre", "", JSON.stringify(run.inputs ?? {}, null, 2)),
    );
    details.append(inputs);
    const steps = el("ol", "steps");
    for (const step of run.steps ?? []) {
      const li = el("li", `step step-${cell(step.status)}`);
      li.append(el("span", `badge run-${cell(step.status)}`, cell(step.status || "pending")));
      li.append(el("span", "strong", ` ${cell(step.callback_id ?? step.function)}`));
      if (step.error) li.append(el("div", "error-text", cell(step.error)));
      for (const key of ["inputs", "outputs"]) {
        if (!step[key]) continue;
        const d = el("details", "io");
        d.append(el("summary", "", key), el("pre", "", JSON.stringify(step[key], null, 2)));
        li.append(d);
      }
      steps.append(li);
    }
    details.append(steps);
    root.append(details);
  }
}
