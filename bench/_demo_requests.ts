/**
 * Signed demo requests for benchmarks, made the way a bot would: the demo CI bot's key from the
 * data folder, the request contract's signing code.
 *
 * @module
 */
import { DEMO_USERS } from "../demo/workspace.ts";
import { type ContractRequest, signedRequest } from "../lib/contract/mod.ts";
import type { Platform } from "../local/server.ts";

/** Which demo path a request should take. */
export type DemoPath = "auto" | "human";

/** Builds and signs one demo request (`auto`: staging with green CI; `human`: production). */
export async function demoRequest(
  platform: Platform,
  path: DemoPath,
  requestId: string,
  privateKey?: string,
): Promise<ContractRequest> {
  const demo = platform.demo;
  if (!demo) throw new Error("Cannot build a demo request: the platform has no demo workspace");
  const key = privateKey ?? await Deno.readTextFile(demo.privateKeyPath);
  return await signedRequest({
    service_id: demo.serviceId,
    key_id: demo.keyId,
    request_id: requestId,
    timestamp: String(Math.floor(Date.now() / 1000)),
    action: "deploy",
    resource: `api-server#${requestId.slice(-6)}`,
    environment: path === "auto" ? "staging" : "production",
    reason: "Benchmark release",
    triggered_by: demo.users.engineer ?? DEMO_USERS.engineer.id,
    source_system: "bench",
    source_url: "https://ci.example.com/runs/1",
    conditions: path === "auto" ? "ci_status=passed" : "",
  }, key);
}

/** The webhook URL of the app's request trigger. */
export function webhookUrl(platform: Platform): string {
  const url = platform.triggers.find((t) => t.webhook_url)?.webhook_url;
  if (!url) throw new Error("Cannot find the webhook trigger: the platform created none");
  return url;
}

/** Resolves when the decisions datastore receives the final record of `decisionId`. */
export function decisionRecorded(platform: Platform, decisionId: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const item = platform.storage.getItem("decisions", decisionId);
      if (item?.status === "final") {
        platform.api.events.removeEventListener("datastore", onEvent);
        resolve();
        return true;
      }
      return false;
    };
    const onEvent = (event: Event) => {
      const detail = (event as CustomEvent).detail as { datastore: string; id: string };
      if (detail.datastore === "decisions" && detail.id === decisionId) check();
    };
    platform.api.events.addEventListener("datastore", onEvent);
    check();
  });
}

/** POSTs a request body to the webhook and fails unless Slack's `{"ok":true}` comes back. */
export async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: "POST", body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`Cannot send a request: webhook answered ${res.status} ${text}`);
}
