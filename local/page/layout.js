// @ts-check
/// <reference lib="dom" />
/**
 * The side panel's toggle. Wide windows show the panel as a third column; narrower ones (below
 * 1100 px, see style.css) show it as a drawer over the channel, closed at first, so the message
 * column keeps its width. The top bar's button opens and closes it in both.
 *
 * @module
 */

/** The width from which the panel fits beside the channel (keep in step with style.css). */
export const WIDE = "(min-width: 1100px)";

/**
 * Wires the toggle: `body.dataset.panel` is "open" or "closed"; crossing the width threshold
 * resets it to that width's default.
 * @param {HTMLElement} body
 * @param {HTMLButtonElement} button
 */
export function setupPanelToggle(body, button) {
  const wide = matchMedia(WIDE);
  /** @param {boolean} open */
  const set = (open) => {
    body.dataset.panel = open ? "open" : "closed";
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Hide side panel" : "Show side panel";
  };
  set(wide.matches);
  wide.addEventListener("change", () => set(wide.matches));
  button.addEventListener("click", () => set(body.dataset.panel !== "open"));
  addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && !wide.matches && body.dataset.panel === "open") set(false);
  });
}
