// @ts-check
/// <reference lib="dom" />
/**
 * The page's requests to the platform and its notices: JSON calls, the toast, loads that must
 * not be overtaken by older answers, and plugin panels' live-event listeners.
 *
 * @module
 */

/**
 * GETs or POSTs JSON; throws `Cannot …` errors the page shows as a toast.
 * @param {string} url
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function api(url, body) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  };
  const res = await fetch(url, init);
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`Cannot read ${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
  }
  if (!res.ok && !json.errors) {
    throw new Error(`Cannot load ${url}: ${json.error ?? `HTTP ${res.status}`}`);
  }
  return json;
}

/**
 * Shows a short notice at the bottom of the page, optionally with a button (e.g. "Open").
 * @param {string} text
 * @param {boolean} [error]
 * @param {{ label: string, run: () => void }} [action]
 */
export function toast(text, error = false, action) {
  const t = /** @type {HTMLElement} */ (document.getElementById("toast"));
  t.replaceChildren(document.createTextNode(text));
  if (action) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "toast-action";
    button.dataset.testid = "toast-action";
    button.textContent = action.label;
    button.addEventListener("click", () => {
      t.hidden = true;
      action.run();
    });
    t.append(" ", button);
  }
  t.className = error ? "toast error" : "toast";
  t.hidden = false;
  clearTimeout(Number(t.dataset.timer));
  t.dataset.timer = String(setTimeout(() => (t.hidden = true), action ? 10000 : 6000));
}

/** @type {Map<string, number>} */
const loads = new Map();

/**
 * Starts a load of `name` and returns whether it is still the newest one. Live events start
 * overlapping loads; a slower, older answer must not overwrite a newer one (it would show, say,
 * the buttons again on a request that was just decided).
 * @param {string} name
 * @returns {() => boolean}
 */
export function startLoad(name) {
  const n = (loads.get(name) ?? 0) + 1;
  loads.set(name, n);
  return () => loads.get(name) === n;
}

/**
 * Runs a loader, reporting failures instead of breaking the page.
 * @param {() => Promise<void>} fn
 */
export function safely(fn) {
  fn().catch((e) => toast(String(e?.message ?? e), true));
}

/** Plugin panels' event listeners, by event type. */
/** @type {Map<string, ((data: any) => void)[]>} */
export const panelListeners = new Map();

/**
 * Registers a panel's listener.
 * @param {string} type
 * @param {(data: any) => void} fn
 */
export function onPanelEvent(type, fn) {
  panelListeners.set(type, [...(panelListeners.get(type) ?? []), fn]);
}

/**
 * Adds the panels' listeners to the page's own event handlers.
 * @param {Record<string, (data: any) => void>} handlers
 * @returns {Record<string, (data: any) => void>}
 */
export function withPanels(handlers) {
  const all = { ...handlers };
  for (const [type, fns] of panelListeners) {
    if (type === "refresh") continue;
    const own = handlers[type];
    all[type] = (data) => {
      own?.(data);
      for (const fn of fns) fn(data);
    };
  }
  return all;
}

let panelLoads = 0;

/**
 * A refresh that renders only the newest of overlapping loads (see startLoad).
 * @template T
 * @param {() => Promise<T>} load
 * @param {(value: T) => void} render
 * @returns {() => void}
 */
export function latest(load, render) {
  const name = `panel-${++panelLoads}`;
  return () =>
    safely(async () => {
      const current = startLoad(name);
      const value = await load();
      if (current()) render(value);
    });
}
