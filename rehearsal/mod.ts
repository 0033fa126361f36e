/**
 * The deploy rehearsal: what `slack deploy` does, without Slack, offline.
 *
 * 1. The get-manifest hook (deno-slack-hooks 1.5.0's own code, started with the hook's command
 *    line) under Deno 1.46.2 and under the current Deno: deno.jsonc, the lockfile and every
 *    function module must load; the manifest must pass Slack's published schema.
 * 2. The build hook: one `deno bundle --output` per function `source_file` (its Deno2Bundler).
 * 3. Each bundle run as deno-slack-runtime 1.1.3 runs it on hosted Slack (see `hosted.ts`): once
 *    on its own (`function_executed`, no inputs), then a signed request through
 *    verify → policy → approval (a `block_actions` click) → record → notify.
 *
 * Failures are {@linkcode RehearsalError}s whose message names the cause.
 *
 * @module
 */
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { join, resolve } from "node:path";
import { bundleFunction, getManifestHook, type HookManifest } from "./hooks.ts";
import { deno146, OLDEST_DENO } from "./deno146.ts";
import { type HostedRuntime } from "./hosted.ts";
import { encodeBase64 } from "../lib/keys/base64.ts";
import { driveSignedRequest, type FlowResult, runStep, startHarness } from "./flow.ts";
import {
  appImportMap,
  findShared,
  hooksImports,
  RehearsalError,
  runtimeImportMap,
} from "./offline.ts";

export { RehearsalError } from "./offline.ts";

type Json = Record<string, unknown>;

/** What to rehearse. */
export interface RehearsalOptions {
  /** The Countersign repository (stand-ins, node_modules, `../shared`). */
  repo: string;
  /** The app to deploy; defaults to `repo`. Fixture apps live in `testdata/`. */
  app?: string;
  /** The shared folder; defaults to `$COUNTERSIGN_SLACK_SHARED` or `<repo>/../shared`. */
  shared?: string;
  /** Where Deno 1.46.2 is installed; defaults to `<repo>/.rehearsal`. `false` skips Deno 1.46. */
  cacheDir?: string | false;
  /** Run the bundles (each once, then the request flow when the app has `handle_request`). */
  run?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** What a rehearsal established. */
export interface RehearsalReport {
  denoVersions: string[];
  manifest: Json;
  bundles: { callback_id: string; source_file: string; bytes: number }[];
  flow?: FlowResult;
}

/** Validates the manifest as Slack does on deploy (the CLI uploads `icon` separately). */
export async function checkManifestSchema(shared: string, manifest: Json): Promise<void> {
  const path = join(shared, "slack-manifest-schema", "manifest.schema.2.0.0.json");
  const schema = JSON.parse(await Deno.readTextFile(path));
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const sent = structuredClone(manifest);
  delete sent.icon;
  const validate = ajv.compile(schema);
  if (!validate(sent)) {
    const errors = (validate.errors ?? []).slice(0, 5)
      .map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
    throw new RehearsalError(
      `Cannot deploy: Slack's manifest schema refuses the manifest: ${errors}`,
    );
  }
}

function currentDenoVersion(): string {
  return Deno.version.deno;
}

/** Runs the rehearsal; throws a {@linkcode RehearsalError} naming the first cause found. */
export async function rehearse(opts: RehearsalOptions): Promise<RehearsalReport> {
  const log = opts.log ?? (() => {});
  const repo = resolve(opts.repo);
  const app = resolve(opts.app ?? repo);
  const shared = opts.shared ? resolve(opts.shared) : findShared(repo);
  const work = await Deno.makeTempDir({ prefix: "countersign-rehearsal-" });
  try {
    const appMap = appImportMap(repo, shared, join(app, "deno.jsonc"));
    const hookMap = join(work, "hooks_import_map.json");
    const bundleMap = join(work, "bundle_import_map.json");
    const runtimeMap = join(work, "runtime_import_map.json");
    await Deno.writeTextFile(
      hookMap,
      JSON.stringify({ imports: { ...appMap.imports, ...hooksImports(shared) } }),
    );
    await Deno.writeTextFile(bundleMap, JSON.stringify(appMap));
    await Deno.writeTextFile(runtimeMap, JSON.stringify(runtimeImportMap(repo, shared)));

    const versions: string[] = [];
    if (opts.cacheDir !== false) {
      const old = await deno146(opts.cacheDir ?? join(repo, ".rehearsal"));
      log(`get-manifest with Deno ${OLDEST_DENO} (config, lockfile, every function module)`);
      await getManifestHook(old, OLDEST_DENO, app, hookMap);
      versions.push(OLDEST_DENO);
    }
    const now = currentDenoVersion();
    log(`get-manifest with Deno ${now}`);
    const hook: HookManifest = await getManifestHook(Deno.execPath(), now, app, hookMap);
    versions.push(now);
    await checkManifestSchema(shared, hook.manifest);

    const functionsDir = join(work, "dist", "functions");
    await Deno.mkdir(functionsDir, { recursive: true });
    const bundles: RehearsalReport["bundles"] = [];
    for (const [id, source] of Object.entries(hook.sources)) {
      const bytes = await bundleFunction(
        Deno.execPath(),
        app,
        bundleMap,
        id,
        source,
        join(functionsDir, `${id}.js`),
      );
      bundles.push({ callback_id: id, source_file: source, bytes });
      log(`bundle functions/${id}.js ${(bytes / 1024).toFixed(1)} KiB`);
    }
    const report: RehearsalReport = { denoVersions: versions, manifest: hook.manifest, bundles };
    if (opts.run === false) return report;

    const harness = await startHarness();
    try {
      const outgoing = ((hook.manifest.outgoing_domains ?? []) as string[]).map(String);
      const rt: HostedRuntime = {
        deno: Deno.execPath(),
        functionsDir,
        importMap: runtimeMap,
        allowNet: [...outgoing, harness.host],
        outgoingDomains: outgoing,
      };
      const { env, appPublicKey } = await rehearsalEnv(harness.apiUrl);
      for (const { callback_id } of bundles) {
        log(`run ${callback_id} once as hosted Slack runs it`);
        await runStep(harness, rt, callback_id, {}, env);
      }
      if ((hook.manifest.workflows as Json | undefined)?.handle_request) {
        log("drive a signed request: verify → policy → approval (click) → record → notify");
        report.flow = await driveSignedRequest(harness, rt, hook.manifest, env, appPublicKey);
      }
    } finally {
      await harness.close();
    }
    return report;
  } finally {
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}

/**
 * The env Slack would pass (what `slack env add` sets): the Web API base, a fresh callback signing
 * key, and the loopback receiver as an extra outgoing host (the app's own check; the hosted
 * `--allow-net` is the manifest's list plus the Web API host, which the receiver shares).
 */
async function rehearsalEnv(
  apiUrl: string,
): Promise<{ env: Record<string, string>; appPublicKey: string }> {
  const pair = await crypto.subtle.generateKey("Ed25519", true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  return {
    env: {
      SLACK_API_URL: apiUrl,
      COUNTERSIGN_SIGNING_KEY: encodeBase64(pkcs8),
      COUNTERSIGN_EXTRA_OUTGOING_DOMAINS: "127.0.0.1",
      COUNTERSIGN_ADMIN_USERS: "U0ALICE0001",
    },
    appPublicKey: encodeBase64(raw),
  };
}
