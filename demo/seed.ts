/**
 * Seeds the local demo workspace on the platform's first start: users, the approvers group,
 * channels, the demo CI bot (a registered service with a freshly generated key pair) and a small
 * policy set. It writes through the plugin seam's `Workspace` (see `local/plugin.ts`); the app later reads the same
 * datastores through the Web API, as it would on Slack.
 *
 * @module
 */
import { join } from "node:path";
import { Policies } from "../datastores/policies.ts";
import { Services } from "../datastores/services.ts";
import { generateKeyPair } from "../lib/keys/mod.ts";
import type { Workspace } from "../local/plugin.ts";
import type { Item } from "../local/storage/types.ts";
import {
  DEMO_CALLBACK_PATH,
  DEMO_CHANNELS,
  DEMO_KEY_FILE,
  DEMO_KEY_ID,
  DEMO_SERVICE_ID,
  DEMO_USERGROUP,
  DEMO_USERS,
  type DemoRole,
} from "./workspace.ts";

/** Options of {@linkcode seedDemo}. */
export interface SeedOptions {
  storage: Workspace;
  /** The platform's data folder; the demo bot's private key is written there. */
  dataDir: string;
  /** The server's base URL (e.g. `http://127.0.0.1:3000`), for the demo callback URL. */
  baseUrl: string;
  /** Clock, Unix milliseconds (tests). */
  now?: () => number;
}

/** What the seed created, for start-up hints and tests. */
export interface DemoInfo {
  serviceId: string;
  keyId: string;
  /** PKCS#8 PEM of the demo bot's private key (mode 0600). */
  privateKeyPath: string;
  /** The demo bot's raw base64 public key, as registered. */
  publicKey: string;
  /** User ids by role. */
  users: Record<DemoRole, string>;
  channels: { approvals: string; deployWatch: string };
  usergroup: string;
  callbackUrl: string;
}

/** The demo policy rules, first match wins. */
function demoPolicies(now: number, by: string): Item[] {
  const base = {
    service_pattern: "*",
    action_pattern: "*",
    resource_pattern: "*",
    enabled: true,
    updated_by: by,
    updated_at: now,
  };
  return [
    {
      ...base,
      id: "staging-green",
      position: 10,
      name: "Staging with green CI",
      description: "Staging deploys whose CI passed go through without a human",
      environment_pattern: "staging",
      conditions: "ci_status=passed",
      effect: "auto_approve",
      approvals_required: 0,
    },
    {
      ...base,
      id: "production",
      position: 20,
      name: "Production needs a human",
      description: "Anything in production needs one approver",
      environment_pattern: "production",
      conditions: "",
      effect: "require_approval",
      approvals_required: 1,
    },
    {
      ...base,
      id: "catch-all",
      position: 1000,
      name: "Everything else",
      description: "Default: ask a human",
      environment_pattern: "*",
      conditions: "",
      effect: "require_approval",
      approvals_required: 1,
    },
  ];
}

/**
 * Writes the demo workspace and returns what it created.
 *
 * @throws {Error} `Cannot seed the demo workspace: …` when the key file cannot be written.
 */
export async function seedDemo(opts: SeedOptions): Promise<DemoInfo> {
  const { storage } = opts;
  const now = opts.now?.() ?? Date.now();
  const allUsers = Object.values(DEMO_USERS).map((u) => u.id);
  for (const u of Object.values(DEMO_USERS)) {
    storage.putUser({ id: u.id, name: u.name, real_name: u.real_name, tz: "UTC" });
  }
  storage.putUsergroup({
    ...DEMO_USERGROUP,
    users: [DEMO_USERS.approver1.id, DEMO_USERS.approver2.id],
  });
  for (const c of Object.values(DEMO_CHANNELS)) {
    storage.putChannel({ ...c, is_im: false, members: [...allUsers], created: now });
  }

  const keys = await generateKeyPair();
  const privateKeyPath = join(opts.dataDir, DEMO_KEY_FILE);
  try {
    await Deno.mkdir(opts.dataDir, { recursive: true });
    await Deno.writeTextFile(privateKeyPath, keys.privateKeyPem, { mode: 0o600 });
    // `mode` only applies when the file is created; make sure an old file is private too.
    await Deno.chmod(privateKeyPath, 0o600);
  } catch (error) {
    throw new Error(
      `Cannot seed the demo workspace: writing "${privateKeyPath}" failed (${
        (error as Error).message
      })`,
    );
  }

  const callbackUrl = new URL(DEMO_CALLBACK_PATH, opts.baseUrl).toString();
  const owner = DEMO_USERS.engineer.id;
  const service = {
    id: DEMO_SERVICE_ID,
    display_name: "Demo CI",
    kind: "ci",
    owner,
    public_keys: [{ key_id: DEMO_KEY_ID, public_key: keys.publicKeyRaw, not_after: 0 }],
    allowed_actions: ["deploy", "migrate", "rollback"],
    allowed_resources: ["*"],
    allowed_environments: ["staging", "production"],
    approver_users: [DEMO_USERS.approver1.id, DEMO_USERS.approver2.id],
    approver_usergroup: DEMO_USERGROUP.id,
    approvals_required: 1,
    approval_channel: DEMO_CHANNELS.approvals.id,
    watcher_channel: DEMO_CHANNELS.deployWatch.id,
    callback_url: callbackUrl,
    approval_timeout_seconds: 3600,
    status: "active",
    created_by: owner,
    created_at: now,
    updated_by: owner,
    updated_at: now,
  } satisfies Item;
  storage.putItem(Services.name, service.id, service);
  for (const rule of demoPolicies(now, owner)) {
    storage.putItem(Policies.name, String(rule.id), rule);
  }

  return {
    serviceId: DEMO_SERVICE_ID,
    keyId: DEMO_KEY_ID,
    privateKeyPath,
    publicKey: keys.publicKeyRaw,
    users: {
      approver1: DEMO_USERS.approver1.id,
      approver2: DEMO_USERS.approver2.id,
      engineer: DEMO_USERS.engineer.id,
      outsider: DEMO_USERS.outsider.id,
    },
    channels: { approvals: DEMO_CHANNELS.approvals.id, deployWatch: DEMO_CHANNELS.deployWatch.id },
    usergroup: DEMO_USERGROUP.id,
    callbackUrl,
  };
}
