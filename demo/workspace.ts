/**
 * Ids and names of the local demo workspace, shared by the seed, the end-to-end test and the
 * printed start-up hints. Ids follow Slack's shapes (`U…`, `C…`, `S…`) so the app's validation
 * treats them like real ones.
 *
 * @module
 */

/** The demo users by role. */
export const DEMO_USERS = {
  approver1: { id: "U0APPR0001", name: "ada", real_name: "Ada Approver" },
  approver2: { id: "U0APPR0002", name: "grace", real_name: "Grace Approver" },
  engineer: { id: "U0ENG00001", name: "eve", real_name: "Eve Engineer" },
  outsider: { id: "U0OUTS0001", name: "oscar", real_name: "Oscar Outsider" },
} as const;

/** A demo role. */
export type DemoRole = keyof typeof DEMO_USERS;

/** The approvers user group. */
export const DEMO_USERGROUP = {
  id: "S0APPROVERS",
  handle: "approvers",
  name: "Approvers",
} as const;

/** The demo channels. */
export const DEMO_CHANNELS = {
  approvals: { id: "C0APPROVALS", name: "approvals" },
  deployWatch: { id: "C0DEPLOYWATCH", name: "deploy-watch" },
} as const;

/** The demo CI bot's service id and key id. */
export const DEMO_SERVICE_ID = "demo-ci";
/** Key id of the demo CI bot's key. */
export const DEMO_KEY_ID = "demo-ci-1";
/** File name of the demo bot's private key inside the data folder. */
export const DEMO_KEY_FILE = "demo-ci.key";
/** Path of the demo callback receiver on the local server. */
export const DEMO_CALLBACK_PATH = "/_local/demo-callback";
