// @ts-check
/// <reference lib="dom" />
/**
 * The side panels of the local page: decisions table, callback deliveries, workflow runs.
 * All values go in through `textContent`.
 *
 * @module
 */
import { el } from "./blocks.js";

/**
 * Formats Unix milliseconds (or a Slack ts in seconds) as a local time.
 * @param {unknown} value
 * @returns {string}
 */
export function formatTime(value) {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) return "";
  const ms = n < 1e12 ? n * 1000 : n;
  return new Date(ms).toLocaleTimeString();
}

/**
 * Shows a value compactly in a table cell.
 * @param {unknown} v
 * @returns {string}
 */
function cell(v) {
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/**
 * Renders the decisions table (newest first).
 * @param {HTMLElement} root
 * @param {any[]} items
 * @param {(id: string) => string} userName
 */
export function renderDecisions(root, items, userName) {
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
 * Renders callback deliveries received by the demo receiver (newest first).
 * @param {HTMLElement} root
 * @param {any[]} callbacks
 */
export function renderCallbacks(root, callbacks) {
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
    top.append(
      v,
      el("span", "strong", ` ${cell(body.outcome)} `),
      el("span", "", cell(body.request_id)),
    );
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
