// @ts-check
/// <reference lib="dom" />
/**
 * The pieces of Countersign's decisions panel: a table row per decision (short id with a copy
 * button, what, environment, outcome), the detail view of one decision, and the copy helper.
 * All values go in through `textContent`.
 *
 * @module
 */

/** @typedef {import("../../local/page/plugins.js").PanelHost} PanelHost */

/** Ids longer than this are shown shortened (the full id is in the title and the copy button). */
const SHORT_ID = 10;

/**
 * A long id shortened for reading: its first and last four characters around an ellipsis, so
 * ids sharing a prefix (`rel-2026-12-06-…`) still tell apart.
 * @param {string} id
 * @returns {string}
 */
export function shortId(id) {
  return id.length > SHORT_ID ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}

/** A decision's outcome, or its status while pending. @param {any} d */
export const outcomeOf = (d) => String(d.outcome || d.status || "");

/** An outcome word for people ("auto_approved" → "auto approved"). @param {string} outcome */
export const outcomeLabel = (outcome) => outcome.replaceAll("_", " ");

/**
 * Copies `text` to the clipboard (falling back to a selected text area where the Clipboard API is
 * refused) and says so on the button.
 * @param {HTMLButtonElement} button
 * @param {string} text
 */
async function copy(button, text) {
  let done = false;
  try {
    await navigator.clipboard.writeText(text);
    done = true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    done = document.execCommand("copy");
    area.remove();
  }
  const label = button.textContent;
  button.textContent = done ? "Copied" : "Copy failed";
  button.dataset.copied = String(done);
  setTimeout(() => {
    button.textContent = label;
    delete button.dataset.copied;
  }, 1500);
}

/**
 * A "Copy" button for `text`.
 * @param {PanelHost} host
 * @param {string} text
 * @param {string} what what is copied, for the button's title
 * @returns {HTMLButtonElement}
 */
export function copyButton(host, text, what) {
  const button = /** @type {HTMLButtonElement} */ (host.el("button", "copy", "Copy"));
  button.type = "button";
  button.title = `Copy ${what}: ${text}`;
  button.dataset.testid = "copy-id";
  button.dataset.copy = text;
  button.addEventListener("click", (ev) => {
    ev.stopPropagation();
    copy(button, text);
  });
  return button;
}

/**
 * One table row: the request's short id (copyable), what it asked, where, and the outcome with
 * who decided or why.
 * @param {any} d the decision record
 * @param {PanelHost} host
 * @param {boolean} selected whether its detail view is open
 * @returns {HTMLTableRowElement}
 */
export function decisionRow(d, host, selected) {
  const { el, cell, userName } = host;
  const row =
    /** @type {HTMLTableRowElement} */ (el("tr", selected ? "decision selected" : "decision"));
  row.dataset.testid = "decision-row";
  row.dataset.id = cell(d.id);
  row.dataset.requestId = cell(d.request_id);
  row.dataset.outcome = outcomeOf(d);
  row.tabIndex = 0;
  row.setAttribute("aria-expanded", String(selected));
  const requestId = cell(d.request_id) || cell(d.id);
  const req = el("td", "id-cell");
  const id = el("span", "short-id", shortId(requestId));
  id.title = cell(d.id);
  id.dataset.testid = "decision-short-id";
  req.append(id, copyButton(host, cell(d.id), "decision id"));
  req.append(el("div", "muted one-line", cell(d.service_name) || cell(d.service_id)));
  const what = el("td");
  what.append(el("div", "one-line", cell(d.action)));
  const resource = el("div", "muted one-line", cell(d.resource));
  resource.title = cell(d.resource);
  what.append(resource);
  const env = el("td");
  env.append(el("div", "one-line", cell(d.environment)));
  const outcome = el("td");
  const badge = el("span", `badge outcome-${outcomeOf(d)}`, outcomeLabel(outcomeOf(d)));
  badge.dataset.testid = "decision-outcome";
  outcome.append(badge);
  const by = Array.isArray(d.decided_by) ? d.decided_by.map(userName).join(", ") : "";
  const why = by
    ? `by ${by}`
    : d.reason_code && outcomeOf(d) !== "pending"
    ? cell(d.reason_code)
    : "";
  if (why) {
    const line = el("div", "muted one-line", why);
    line.title = why;
    outcome.append(line);
  }
  if (d.denial_reason) {
    const reason = el("div", "muted one-line", `“${cell(d.denial_reason)}”`);
    reason.title = cell(d.denial_reason);
    outcome.append(reason);
  }
  row.append(req, what, env, outcome);
  return row;
}

/**
 * Formats Unix milliseconds as a local date and time.
 * @param {unknown} ms
 */
function dateTime(ms) {
  const n = Number(ms);
  return Number.isFinite(n) && n > 0 ? new Date(n).toLocaleString() : "";
}

/** @param {unknown} ms */
function duration(ms) {
  const n = Number(ms);
  if (!Number.isFinite(n) || n < 0) return "";
  const s = Math.round(n / 1000);
  return s < 60
    ? `${s} s`
    : s < 3600
    ? `${Math.floor(s / 60)} min ${s % 60} s`
    : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** Attributes the detail view shows by name above, or that only machines read. */
const SHOWN = new Set([
  "id",
  "request_id",
  "outcome",
  "status",
  "reason_code",
  "reason_detail",
  "service_name",
  "service_id",
  "service_owner",
  "key_id",
  "identity_method",
  "triggered_by",
  "source_system",
  "source_url",
  "action",
  "resource",
  "environment",
  "reason",
  "conditions",
  "policy_name",
  "policy_id",
  "approvals_required",
  "decided_by",
  "denial_reason",
  "approver_comment",
  "closed_by",
  "requested_at",
  "decided_at",
  "time_to_decision_ms",
  "expires_at",
  "callback_status",
  "callback_attempts",
  "callback_detail",
  "record_key_id",
  "record_signature",
  "record_version",
  "message_channel",
  "message_ts",
  "approval_execution_id",
  "noted_at",
  "reminded_at",
  "escalated_at",
  "run_completion",
]);

/**
 * The detail view of one decision: every recorded attribute a person reads, with names for
 * people, readable times and copyable ids.
 * @param {any} d
 * @param {PanelHost} host
 * @param {() => void} onClose
 * @returns {HTMLElement}
 */
export function decisionDetail(d, host, onClose) {
  const { el, cell, userName } = host;
  const box = el("div", "decision-detail");
  box.dataset.testid = "decision-detail";
  const head = el("div", "detail-head");
  head.append(el("strong", "", `Request ${cell(d.request_id) || cell(d.id)}`));
  const close = /** @type {HTMLButtonElement} */ (el("button", "copy", "Close"));
  close.type = "button";
  close.dataset.testid = "decision-detail-close";
  close.addEventListener("click", onClose);
  head.append(close);
  box.append(head);
  const list = el("dl", "detail-list");
  /** @param {string} label @param {string} value @param {boolean} [copyable] */
  const add = (label, value, copyable = false) => {
    if (!value) return;
    list.append(el("dt", "", label));
    const dd = el("dd");
    dd.append(el("span", copyable ? "mono" : "", value));
    if (copyable) dd.append(copyButton(host, value, label.toLowerCase()));
    list.append(dd);
  };
  const names = (/** @type {unknown} */ ids) =>
    Array.isArray(ids) ? ids.map((id) => userName(String(id)) || String(id)).join(", ") : "";
  add("Decision id", cell(d.id), true);
  add("Outcome", outcomeLabel(outcomeOf(d)));
  add("Reason code", cell(d.reason_code));
  add("Detail", cell(d.reason_detail));
  add(
    "Bot",
    [cell(d.service_name), d.service_id ? `(${cell(d.service_id)})` : ""].join(" ").trim(),
  );
  add("Key", cell(d.key_id));
  add("Identity", cell(d.identity_method));
  add("Triggered by", userName(cell(d.triggered_by)) || cell(d.triggered_by));
  add("Source", [cell(d.source_system), cell(d.source_url)].filter(Boolean).join(" · "));
  add("Action", cell(d.action));
  add("Resource", cell(d.resource));
  add("Environment", cell(d.environment));
  add("Reason", cell(d.reason));
  add("Conditions", cell(d.conditions));
  add("Rule", cell(d.policy_name) || cell(d.policy_id));
  add("Approvals needed", cell(d.approvals_required));
  add("Decided by", names(d.decided_by));
  add("Denial reason", cell(d.denial_reason));
  add("Comment", cell(d.approver_comment));
  add("Closed by", userName(cell(d.closed_by)) || cell(d.closed_by));
  add("Requested", dateTime(d.requested_at));
  add("Decided", dateTime(d.decided_at));
  add("Time to decision", duration(d.time_to_decision_ms));
  add("Expires", d.status === "pending" ? dateTime(d.expires_at) : "");
  add(
    "Callback",
    [cell(d.callback_status), d.callback_attempts ? `${cell(d.callback_attempts)} attempt(s)` : ""]
      .filter(Boolean).join(", "),
  );
  add("Callback detail", cell(d.callback_detail));
  add("Signed with", cell(d.record_key_id));
  // Attributes added later (by newer versions of the app) still show, under their own names.
  for (const [key, value] of Object.entries(d)) {
    if (SHOWN.has(key) || value === "" || value === null || value === undefined) continue;
    add(key.replaceAll("_", " "), cell(value));
  }
  box.append(list);
  return box;
}
