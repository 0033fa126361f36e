// @ts-check
/// <reference lib="dom" />
/**
 * Names for the ids a person would otherwise read: users, channels (a DM is named after the people
 * in it), user groups. Each answers "" for an id the workspace does not know, so callers can fall
 * back to the id itself.
 *
 * @module
 */

/**
 * @typedef {object} NameState
 * @property {any} workspace the workspace directory (`/_local/state`)
 * @property {Map<string, any>} users users by id
 * @property {string} as the acting user
 */

/**
 * Name lookups over the page's state (read at call time, so they follow reloads).
 * @param {NameState} state
 */
export function createNames(state) {
  /** @param {string} id */
  const userName = (id) => {
    const u = state.users.get(id);
    return u ? String(u.real_name || u.name || id) : "";
  };
  /**
   * A channel's name; a DM is named after the people in it other than the reader (as in Slack).
   * @param {string} id
   */
  const channelName = (id) => {
    const c = state.workspace?.channels?.find((/** @type {any} */ x) => x.id === id);
    if (!c) return "";
    if (!c.is_im) return String(c.name);
    const members = Array.isArray(c.members) ? c.members : [];
    const others = members.filter((/** @type {string} */ m) => m !== state.as);
    return (others.length ? others : members).map(userName).filter(Boolean).join(", ");
  };
  /** @param {string} id */
  const groupHandle = (id) => {
    const g = state.workspace?.usergroups?.find((/** @type {any} */ x) => x.id === id);
    return g ? String(g.handle) : "";
  };
  return { userName, channelName, groupHandle };
}
