// @ts-check
/// <reference lib="dom" />
/**
 * Mounts a plugin's panels (see `local/plugin.ts`): each panel is a section of the side column,
 * placed before the workflow runs, whose module (served from `/_local/plugin/<module>`) exports
 * `mount(root, host)`. A panel that fails to load shows why in its own section; the rest of the
 * page is unaffected.
 *
 * @module
 */
import { cell, el } from "./dom.js";

/**
 * What a panel's `mount` gets.
 * @typedef {object} PanelHost
 * @property {typeof el} el creates an element (text via textContent)
 * @property {typeof cell} cell shows a value compactly
 * @property {(value: unknown) => string} formatTime formats a time
 * @property {(url: string, body?: unknown) => Promise<any>} api GETs or POSTs JSON
 * @property {(id: string) => string} userName a user's display name
 * @property {(type: string, fn: (data: any) => void) => void} on follows a live event type
 *   (`refresh` fires when everything should be re-read)
 * @property {<T>(load: () => Promise<T>, render: (value: T) => void) => () => void} latest
 *   a refresh function that renders only the newest of overlapping loads, reporting failures
 */

/**
 * Mounts `panels` into sections inserted before `before`.
 * @param {{ id: string, title: string, module: string }[]} panels
 * @param {HTMLElement} before the section the panels go in front of
 * @param {Omit<PanelHost, "on">} base
 * @param {(type: string, fn: (data: any) => void) => void} on
 * @param {(text: string) => void} onError
 */
export async function mountPanels(panels, before, base, on, onError) {
  for (const panel of panels) {
    const section = el("section");
    section.append(el("h3", "", panel.title));
    const root = el("div");
    root.id = panel.id;
    root.dataset.testid = panel.id;
    section.append(root);
    before.before(section);
    try {
      const module = await import(`/_local/plugin/${encodeURIComponent(panel.module)}`);
      await module.mount(root, { ...base, on });
    } catch (e) {
      root.append(
        el("p", "error-text", `Cannot show this panel: ${cell(/** @type {Error} */ (e).message)}`),
      );
      onError(`Cannot show panel "${panel.title}": ${/** @type {Error} */ (e).message}`);
    }
  }
}
