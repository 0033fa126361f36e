// @ts-check
/// <reference lib="dom" />
/** A plugin panel for local/plugin_test.ts. @param {HTMLElement} root */
export function mount(root) {
  root.textContent = "panel mounted";
}
