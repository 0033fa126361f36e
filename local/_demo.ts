/**
 * Wires Countersign's local demo (helper modules under `demo/`) into the platform: the app's
 * signing key as `COUNTERSIGN_SIGNING_KEY`, the demo callback receiver, and the first-start seed.
 * The modules are imported lazily so the platform still runs another app, or this one without
 * the demo folder, and says so instead of failing.
 *
 * @module
 */
import type { Storage } from "./storage/types.ts";

/** What the demo seed reports (see `demo/seed.ts`); kept loose so the platform has no hard dependency. */
export type DemoInfo = {
  serviceId: string;
  keyId: string;
  privateKeyPath: string;
  users: Record<string, string>;
  callbackUrl?: string;
  [key: string]: unknown;
};

/** A mounted callback receiver. */
export interface DemoReceiver {
  handle(req: Request): Promise<Response>;
  list(): unknown[];
}

/** Result of {@linkcode setupDemo}. */
export interface DemoSetup {
  /** Extra app environment (the app's signing key). */
  env: Record<string, string>;
  receiver?: DemoReceiver;
  info?: DemoInfo;
  /** Why parts were skipped, for the start-up log. */
  notes: string[];
}

const DEMO_INFO_SETTING = "platform.demo_info";
/** The datastore holding the demo bot (Countersign's `services`). */
const DEMO_SERVICES_DATASTORE = "services";

async function tryImport<T>(specifier: string): Promise<T | undefined> {
  try {
    return await import(specifier) as T;
  } catch (error) {
    if (error instanceof TypeError && /Module not found|Cannot find module/i.test(error.message)) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Prepares the demo: always the signing key and the receiver; the seed only when `seed` is true
 * (the data folder is new). The seed's info is saved so later starts can print the demo command.
 */
export async function setupDemo(opts: {
  storage: Storage;
  dataDir: string;
  baseUrl: string;
  seed: boolean;
  onCallback?: (received: unknown) => void;
}): Promise<DemoSetup> {
  const notes: string[] = [];
  const env: Record<string, string> = {};
  let receiver: DemoReceiver | undefined;
  const keys = await tryImport<typeof import("../demo/app_keys.ts")>("../demo/app_keys.ts");
  const receiverModule = await tryImport<typeof import("../demo/callback_receiver.ts")>(
    "../demo/callback_receiver.ts",
  );
  if (keys) {
    const key = await keys.ensureAppSigningKey(opts.storage);
    env.COUNTERSIGN_SIGNING_KEY = key.privateKeyPkcs8B64;
    if (receiverModule) {
      receiver = receiverModule.createCallbackReceiver({
        publicKey: key.publicKeyRawB64,
        onReceive: opts.onCallback,
      });
    }
  } else {
    notes.push("demo/app_keys.ts is missing: the app gets no COUNTERSIGN_SIGNING_KEY");
  }
  if (opts.seed) {
    const seed = await tryImport<typeof import("../demo/seed.ts")>("../demo/seed.ts");
    if (seed) {
      const info = await seed.seedDemo({
        storage: opts.storage,
        dataDir: opts.dataDir,
        baseUrl: opts.baseUrl,
      }) as unknown as DemoInfo;
      opts.storage.setSetting(DEMO_INFO_SETTING, JSON.stringify(info));
    } else {
      notes.push("demo/seed.ts is missing: the workspace starts empty");
    }
  }
  const saved = opts.storage.getSetting(DEMO_INFO_SETTING);
  const info = saved ? JSON.parse(saved) as DemoInfo : undefined;
  if (info) followPort(opts.storage, info, opts.baseUrl);
  // The demo's first approver (Ada) administers Countersign, so the admin shortcuts work out of
  // the box; `<data folder>/env` overrides it like any other `slack env add` value.
  if (info?.users?.approver1) env.COUNTERSIGN_ADMIN_USERS = info.users.approver1;
  return { env, receiver, info, notes };
}

/**
 * The demo bot's callback URL names the platform's port; a later start on another port moves
 * it along, unless someone changed the service's callback URL since.
 */
function followPort(storage: Storage, info: DemoInfo, baseUrl: string): void {
  if (!info.callbackUrl) return;
  const current = new URL(new URL(info.callbackUrl).pathname, baseUrl).toString();
  if (current === info.callbackUrl) return;
  const service = storage.getItem(DEMO_SERVICES_DATASTORE, info.serviceId);
  if (service?.callback_url === info.callbackUrl) {
    storage.putItem(DEMO_SERVICES_DATASTORE, info.serviceId, { ...service, callback_url: current });
  }
  info.callbackUrl = current;
  storage.setSetting(DEMO_INFO_SETTING, JSON.stringify(info));
}
