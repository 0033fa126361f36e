/**
 * Countersign's local plugin (`deno task start` loads it with `--plugin demo/plugin.ts`): the
 * app's signing key as `COUNTERSIGN_SIGNING_KEY`, the demo workspace seeded on a fresh data
 * folder, the demo bot's callback receiver, the decisions and callbacks panels and the report
 * chart on the page, and the ready-to-paste demo command printed at start.
 *
 * @module
 */
import { join, relative } from "node:path";
import type { PlatformPlugin, PluginHost, PluginSetup, Workspace } from "../local/plugin.ts";
import { EXTRA_DOMAINS_ENV } from "../lib/config.ts";
import { ensureAppSigningKey } from "./app_keys.ts";
import { createCallbackReceiver } from "./callback_receiver.ts";
import { reportSvg } from "./report_chart.ts";
import { type DemoInfo, seedDemo } from "./seed.ts";
import { DEMO_CALLBACK_PATH } from "./workspace.ts";

export type { DemoInfo } from "./seed.ts";

/** Where the seed's info is kept, so later starts can print the demo command. */
export const DEMO_INFO_SETTING = "platform.demo_info";
/** File in the data folder holding the app's signing key (PKCS#8 base64, mode 0600) for the CLI. */
export const APP_KEY_FILE = "app_signing.key";
/**
 * File in the data folder holding the app's public key (raw base64), to pin it when verifying
 * an export: `deno task cli verify audit.jsonl --public-key .countersign/app_signing.pub`.
 */
export const APP_PUBLIC_KEY_FILE = "app_signing.pub";
/** The datastore holding the demo bot (Countersign's `services`). */
const SERVICES = "services";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });

/** Prepares the demo on `host`; see the module notes. */
export async function setupDemo(host: PluginHost): Promise<PluginSetup> {
  const { workspace } = host;
  const key = await ensureAppSigningKey(workspace);
  const keyFile = join(host.dataDir, APP_KEY_FILE);
  await Deno.writeTextFile(keyFile, key.privateKeyPkcs8B64, { mode: 0o600 });
  await Deno.chmod(keyFile, 0o600);
  // Public, but written like the data folder's other files (owner only): nothing there is shared.
  const publicFile = join(host.dataDir, APP_PUBLIC_KEY_FILE);
  await Deno.writeTextFile(publicFile, `${key.publicKeyRawB64}\n`, { mode: 0o600 });
  await Deno.chmod(publicFile, 0o600);
  const receiver = createCallbackReceiver({
    publicKey: key.publicKeyRawB64,
    onReceive: (received) => host.publish("callback", received),
  });
  if (host.seed) {
    const seeded = await seedDemo({
      storage: workspace,
      dataDir: host.dataDir,
      baseUrl: host.baseUrl,
    });
    workspace.setSetting(DEMO_INFO_SETTING, JSON.stringify(seeded));
  }
  const saved = workspace.getSetting(DEMO_INFO_SETTING);
  const info = saved ? JSON.parse(saved) as DemoInfo : undefined;
  if (info) followPort(workspace, info, host.baseUrl);
  return {
    env: (given) => ({
      COUNTERSIGN_SIGNING_KEY: key.privateKeyPkcs8B64,
      // The demo's first approver (Ada) administers Countersign, so the admin shortcuts work out
      // of the box; `<data folder>/env` overrides it like any other `slack env add` value.
      ...(info?.users?.approver1 ? { COUNTERSIGN_ADMIN_USERS: info.users.approver1 } : {}),
      ...given,
      // The platform's own host (demo callbacks) passes the app's own outgoing-domain check.
      [EXTRA_DOMAINS_ENV]: [given[EXTRA_DOMAINS_ENV], ...host.outgoingHosts].filter(Boolean)
        .join(","),
    }),
    routes: [
      { method: "POST", path: DEMO_CALLBACK_PATH, handle: (req) => receiver.handle(req) },
      {
        method: "GET",
        path: "/_local/callbacks",
        handle: () => json({ callbacks: receiver.list() }),
      },
      {
        method: "GET",
        path: "/_local/report.svg",
        handle: (_req, url) => reportSvg(workspace, url),
      },
    ],
    page: {
      dir: new URL("./page/", import.meta.url),
      panels: [
        { id: "decisions", title: "Decisions", module: "decisions_panel.js" },
        { id: "report", title: "Decisions over the last 7 days", module: "report_panel.js" },
        {
          id: "callbacks",
          title: "Callbacks received by the demo bot",
          module: "callbacks_panel.js",
        },
      ],
      stylesheet: "panels.css",
      storageKey: "countersign.local",
      defaultChannel: "approvals",
    },
    info,
    startupLines: ({ triggers, cwd }) => demoCommand(info, triggers, cwd),
  };
}

/** The "send a signed demo request" lines printed at start. */
export function demoCommand(
  demo: DemoInfo | undefined,
  triggers: { webhook_url?: string }[],
  cwd: string,
): string[] {
  const webhook = triggers.find((t) => t.webhook_url)?.webhook_url;
  if (!demo || !webhook) return [];
  const key = relative(cwd, demo.privateKeyPath);
  const engineer = demo.users.engineer ?? Object.values(demo.users)[0];
  return [
    "",
    "Send a signed demo request (then approve it on the page as Ada or Grace):",
    `  deno task cli send --url ${webhook} --key ${
      key.startsWith("..") ? demo.privateKeyPath : key
    }` +
    ` --service ${demo.serviceId} --key-id ${demo.keyId} --action deploy` +
    ` --resource api-server#152 --environment production --triggered-by ${engineer}` +
    ` --reason "Release 152"`,
  ];
}

/**
 * The demo bot's callback URL names the platform's port; a later start on another port moves
 * it along, unless someone changed the service's callback URL since.
 */
function followPort(workspace: Workspace, info: DemoInfo, baseUrl: string): void {
  if (!info.callbackUrl) return;
  const current = new URL(new URL(info.callbackUrl).pathname, baseUrl).toString();
  if (current === info.callbackUrl) return;
  const service = workspace.getItem(SERVICES, info.serviceId);
  if (service?.callback_url === info.callbackUrl) {
    workspace.putItem(SERVICES, info.serviceId, { ...service, callback_url: current });
  }
  info.callbackUrl = current;
  workspace.setSetting(DEMO_INFO_SETTING, JSON.stringify(info));
}

/** The plugin. */
const plugin: PlatformPlugin = { name: "countersign-demo", setup: setupDemo };
export default plugin;
