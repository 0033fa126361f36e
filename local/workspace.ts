/**
 * The local workspace's own identity: its team and the app's bot user. One definition for the
 * running platform (`server.ts`) and the function-test Web API (`testing.ts`), so a test sees
 * the same ids the page and the demo show. People, channels and groups are seeded by the plugin
 * (`demo/workspace.ts` for Countersign) or by the tests (`TEST_WORKSPACE`).
 *
 * @module
 */

/** The local workspace. */
export const TEAM = { id: "T0LOCAL001", name: "Local workspace", domain: "local" } as const;
/** The app's bot user. */
export const BOT_USER_ID = "U0APPBOT01";
