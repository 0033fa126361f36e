// @ts-check
/// <reference lib="dom" />
/**
 * Small DOM helpers shared by the page's modules and handed to plugin panels.
 *
 * @module
 */

/**
 * Creates an element with a class and optional text.
 * @param {string} tag
 * @param {string} [cls]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
export function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

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
export function cell(v) {
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
