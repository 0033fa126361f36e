// @ts-check
/// <reference lib="dom" />
/**
 * Follows the platform's Server-Sent Events (`/_local/events`) and shows the connection state.
 *
 * @module
 */

/**
 * Connects to the event stream and calls `handlers[type](data)` for each event; the browser
 * reconnects by itself after a drop, and `onReconnect` lets the page re-read what it missed.
 * @param {Record<string, (data: any) => void>} handlers by event type
 * @param {HTMLElement} status element showing "live" / "reconnecting…"
 * @param {() => void} onReconnect called when the stream is back after an error
 * @returns {EventSource}
 */
export function followEvents(handlers, status, onReconnect) {
  const events = new EventSource("/_local/events");
  let dropped = false;
  events.onopen = () => {
    status.textContent = "live";
    status.className = "conn live";
    if (dropped) onReconnect();
    dropped = false;
  };
  events.onerror = () => {
    dropped = true;
    status.textContent = "reconnecting…";
    status.className = "conn down";
  };
  for (const [type, handle] of Object.entries(handlers)) {
    events.addEventListener(type, (ev) => {
      let data;
      try {
        data = JSON.parse(/** @type {MessageEvent} */ (ev).data || "{}");
      } catch {
        return;
      }
      handle(data ?? {});
    });
  }
  return events;
}
