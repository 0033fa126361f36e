/**
 * `deno task relay`: runs the decision relay configured by environment variables (docs/relay.md).
 *
 * @module
 */
import { importPublicKey, normalizePublicKey } from "../lib/keys/ed25519.ts";
import { ID } from "../sdk/relay_auth.ts";
import { createRelay, type Relay } from "./mod.ts";
import { openRelayStore, type RelayStore } from "./store.ts";

/** The relay's settings, from the environment. */
export interface RelayConfig {
  port: number;
  hostname: string;
  dbPath: string;
  appPublicKeys: string[];
  /** Service id → key id → raw base64 public key. */
  services: Map<string, Map<string, string>>;
  retentionMs: number;
  maxWaitSeconds: number;
  cleanupMs: number;
}

function positive(env: Record<string, string | undefined>, name: string, fallback: number) {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`Cannot configure relay: ${name} "${text}" is not a positive number`);
  }
  return value;
}

/**
 * Parses the services JSON: `{ "services": { "<service id>": [{ "key_id": …, "public_key": … }] } }`
 * (the keys each service registered with Countersign).
 *
 * @throws {Error} `Cannot configure relay: …` naming the bad entry.
 */
export function parseServices(text: string): Map<string, Map<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error("Cannot configure relay: the services file is not JSON");
  }
  const services = (parsed as { services?: unknown })?.services;
  if (!services || typeof services !== "object" || Array.isArray(services)) {
    throw new Error('Cannot configure relay: the services file needs a "services" object');
  }
  const out = new Map<string, Map<string, string>>();
  for (const [id, keys] of Object.entries(services)) {
    if (!ID.test(id)) throw new Error(`Cannot configure relay: service id "${id}" is not valid`);
    if (!Array.isArray(keys) || keys.length === 0) {
      throw new Error(`Cannot configure relay: service "${id}" needs a list of keys`);
    }
    const byId = new Map<string, string>();
    for (const entry of keys) {
      const keyId = String(entry?.key_id ?? "");
      if (!ID.test(keyId)) {
        throw new Error(`Cannot configure relay: service "${id}" has a bad key_id "${keyId}"`);
      }
      try {
        byId.set(keyId, normalizePublicKey(String(entry?.public_key ?? "")));
      } catch (error) {
        throw new Error(
          `Cannot configure relay: key "${keyId}" of "${id}": ${(error as Error).message}`,
        );
      }
    }
    out.set(id, byId);
  }
  return out;
}

/**
 * Reads the configuration from `env` (`RELAY_*`, docs/relay.md).
 *
 * @throws {Error} `Cannot configure relay: …` for a missing or bad setting.
 */
export async function loadConfig(env: Record<string, string | undefined>): Promise<RelayConfig> {
  const keys = (env.RELAY_APP_PUBLIC_KEYS ?? "").split(",").map((k) => k.trim()).filter(Boolean);
  if (keys.length === 0) {
    throw new Error(
      "Cannot configure relay: RELAY_APP_PUBLIC_KEYS (the app's public key) is empty",
    );
  }
  const appPublicKeys = keys.map((k) => {
    try {
      return normalizePublicKey(k);
    } catch (error) {
      throw new Error(`Cannot configure relay: RELAY_APP_PUBLIC_KEYS: ${(error as Error).message}`);
    }
  });
  let servicesText = env.RELAY_SERVICES ?? "";
  if (!servicesText && env.RELAY_SERVICES_FILE) {
    try {
      servicesText = await Deno.readTextFile(env.RELAY_SERVICES_FILE);
    } catch (error) {
      throw new Error(
        `Cannot configure relay: reading RELAY_SERVICES_FILE "${env.RELAY_SERVICES_FILE}" ` +
          `failed (${(error as Error).message})`,
      );
    }
  }
  if (!servicesText) {
    throw new Error("Cannot configure relay: set RELAY_SERVICES_FILE or RELAY_SERVICES");
  }
  const port = positive(env, "RELAY_PORT", 8787);
  return {
    port: Number.isInteger(port) && port < 65536 ? port : 8787,
    hostname: env.RELAY_HOSTNAME || "127.0.0.1",
    dbPath: env.RELAY_DB || "relay.db",
    appPublicKeys,
    services: parseServices(servicesText),
    retentionMs: positive(env, "RELAY_RETENTION_DAYS", 7) * 24 * 3600_000,
    maxWaitSeconds: Math.min(300, positive(env, "RELAY_MAX_WAIT_SECONDS", 60)),
    cleanupMs: positive(env, "RELAY_CLEANUP_MINUTES", 60) * 60_000,
  };
}

/** A started relay server. */
export interface RunningRelay {
  url: string;
  relay: Relay;
  store: RelayStore;
  close(): Promise<void>;
}

/** Starts the relay server (port 0: a free port). */
export async function startRelay(
  config: RelayConfig,
  opts: { log?: (line: string) => void; now?: () => number } = {},
): Promise<RunningRelay> {
  const services = new Map<string, Map<string, CryptoKey>>();
  for (const [id, keys] of config.services) {
    const imported = new Map<string, CryptoKey>();
    for (const [keyId, text] of keys) imported.set(keyId, (await importPublicKey(text)).key);
    services.set(id, imported);
  }
  const store = openRelayStore(config.dbPath);
  const relay = createRelay({
    store,
    services,
    appPublicKeys: config.appPublicKeys,
    retentionMs: config.retentionMs,
    maxWaitSeconds: config.maxWaitSeconds,
    log: opts.log,
    now: opts.now,
  });
  const swept = relay.cleanup();
  opts.log?.(`cleanup at start: ${swept.callbacks} expired decisions, ${swept.nonces} nonces`);
  const timer = setInterval(() => relay.cleanup(), config.cleanupMs);
  const ready = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    hostname: config.hostname,
    port: config.port,
    onListen: (addr) => ready.resolve(addr as Deno.NetAddr),
  }, (req) => relay.handle(req));
  const addr = await ready.promise;
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  return {
    url: `http://${host}:${addr.port}`,
    relay,
    store,
    async close() {
      clearInterval(timer);
      relay.close();
      await server.shutdown();
      store.close();
    },
  };
}

if (import.meta.main) {
  try {
    const config = await loadConfig(Deno.env.toObject());
    const running = await startRelay(config, { log: (line) => console.log(line) });
    console.log(
      `relay listening on ${running.url} (${config.services.size} services, db ${config.dbPath})`,
    );
    const stop = async () => {
      await running.close();
      Deno.exit(0);
    };
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    Deno.exit(1);
  }
}
