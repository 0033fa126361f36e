/**
 * Keyless demo: the local platform with a bot that has no key, only a trusted OIDC issuer (a local
 * one, standing in for GitHub Actions), and one request sent with a token bound to it. Open the
 * printed page URL and approve as an approver: the message shows the verified identity.
 *
 * ```sh
 * deno run --import-map=import_map.local.json -A demo/oidc_demo.ts [--port 3000]
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { restate } from "../local/startup/args.ts";
import { fileURLToPath } from "node:url";
import { canonicalString } from "../lib/contract/canonical.ts";
import type { UnsignedRequest } from "../lib/contract/fields.ts";
import { boundAudience, requestDigest } from "../lib/oidc/binding.ts";
import { startTestIssuer, type TestIssuer } from "../dev/oidc_issuer.ts";
import { type Platform, startPlatform } from "../local/server.ts";

/** The keyless demo bot's service id. */
export const KEYLESS_SERVICE_ID = "demo-gha";
/** The audience the demo app expects (`COUNTERSIGN_OIDC_AUDIENCE`). */
export const DEMO_AUDIENCE = "countersign-demo";

const REPO = fileURLToPath(new URL("..", import.meta.url));

/** A running keyless demo. */
export interface KeylessDemo {
  platform: Platform;
  issuer: TestIssuer;
  /** The request sent at start. */
  requestId: string;
  close(): Promise<void>;
}

/** Options of {@linkcode startKeylessDemo}. */
export interface KeylessDemoOptions {
  port?: number;
  /** Data folder (default: a new temporary one, removed on close). */
  dataDir?: string;
  quiet?: boolean;
}

/** Starts the platform and the issuer, registers the keyless bot and sends one request. */
export async function startKeylessDemo(opts: KeylessDemoOptions = {}): Promise<KeylessDemo> {
  const temp = opts.dataDir ? undefined : await Deno.makeTempDir({ prefix: "countersign-oidc-" });
  const issuer = await startTestIssuer();
  let platform: Platform | undefined;
  const close = async () => {
    await platform?.close();
    await issuer.close();
    if (temp) await Deno.remove(temp, { recursive: true }).catch(() => {});
  };
  try {
    platform = await startPlatform({
      port: opts.port ?? 3000,
      dataDir: opts.dataDir ?? temp,
      appDir: REPO,
      quiet: opts.quiet ?? true,
      env: { COUNTERSIGN_OIDC_AUDIENCE: DEMO_AUDIENCE },
    });
    const demo = platform.demo;
    if (!demo) throw new Error("Cannot start the keyless demo: the demo workspace is not seeded");
    // Registered through the Web API as the app, as on Slack (never into the platform's storage).
    const api = (method: string, args: Record<string, unknown>) =>
      platform!.api.call(method, args, platform!.botToken);
    const base = await api("apps.datastore.get", { datastore: "services", id: demo.serviceId });
    const put = await api("apps.datastore.put", {
      datastore: "services",
      item: {
        ...(base.item as Record<string, unknown> ?? {}),
        id: KEYLESS_SERVICE_ID,
        display_name: "GitHub Actions (keyless demo)",
        public_keys: [],
        oidc_issuer: issuer.issuer,
        oidc_claims: ["repository=acme/api", "ref=refs/heads/main"],
      },
    });
    if (put.ok !== true) {
      throw new Error(`Cannot register the keyless bot: apps.datastore.put answered ${put.error}`);
    }
    const requestId = `keyless-${Date.now()}`;
    const request: UnsignedRequest = {
      service_id: KEYLESS_SERVICE_ID,
      key_id: "",
      request_id: requestId,
      timestamp: String(Math.floor(Date.now() / 1000)),
      action: "deploy",
      resource: "api-server#152",
      environment: "production",
      reason: "Release 152 from main",
      // The token's actor: a different name would be refused as oidc_claim_conflict.
      triggered_by: "octocat",
      source_system: "github-actions",
      source_url: "",
      conditions: "",
    };
    const digest = await requestDigest(canonicalString(request));
    const token = await issuer.token({ aud: boundAudience(DEMO_AUDIENCE, digest) });
    const webhook = platform.triggers.find((t) => t.webhook_url)?.webhook_url;
    if (!webhook) throw new Error("Cannot start the keyless demo: no webhook trigger");
    const res = await fetch(webhook, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...request, oidc_token: token }),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`Cannot send the keyless request: HTTP ${res.status}`);
    await platform.engine.idle();
    return { platform, issuer, requestId, close };
  } catch (error) {
    await close();
    throw error;
  }
}

if (import.meta.main) {
  try {
    let values;
    try {
      values = parseArgs({ args: Deno.args, options: { port: { type: "string" } }, strict: true })
        .values;
    } catch (error) {
      throw restate(error as Error);
    }
    const port = values.port === undefined ? 3000 : Number(values.port);
    if (!/^\d+$/.test(values.port ?? "3000") || port > 65535) {
      throw new Error(`Cannot parse arguments: --port "${values.port}" is not a port number`);
    }
    const demo = await startKeylessDemo({ port });
    console.log(`Keyless demo running: open ${demo.platform.url}`);
    console.log(`Request "${demo.requestId}" from ${KEYLESS_SERVICE_ID} waits in #approvals,`);
    console.log(`signed only by the local OIDC issuer ${demo.issuer.issuer}. Ctrl+C stops.`);
    const stop = async () => {
      await demo.close();
      Deno.exit(0);
    };
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    Deno.exit(1);
  }
}
