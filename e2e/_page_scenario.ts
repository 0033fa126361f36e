/**
 * A lived-in local workspace for the page's browser tests and screenshots: Countersign on the
 * local platform with real signed requests (some waiting, some decided on the page) and a week of
 * decision history in the decisions datastore, so the panel has pages to turn and the chart has
 * bars and lines.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import type { Browser, Page } from "playwright-core";
import { signedRequest } from "../lib/contract/mod.ts";
import { type Platform, startPlatform } from "../local/server.ts";
import { DEMO_CHANNELS, DEMO_USERS } from "../demo/workspace.ts";
import { browserUnavailable, launchChromium } from "./_browser.ts";

/** The decisions datastore's name. */
const DECISIONS = "decisions";
const HOUR = 3_600_000;

/** A platform on a fresh data folder, removed on close; no webhook rate limit. */
export async function startScenario(): Promise<{ platform: Platform; close(): Promise<void> }> {
  const dataDir = await Deno.makeTempDir({ prefix: "countersign_page_" });
  const platform = await startPlatform({
    port: 0,
    dataDir,
    seed: true,
    quiet: true,
    webhookRateLimit: false,
  });
  return {
    platform,
    async close() {
      await platform.close();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}

/** Sends one signed request from the demo bot to the webhook and waits until the app is idle. */
export async function sendRequest(
  platform: Platform,
  fields: Partial<Record<string, string>> & { request_id: string },
): Promise<void> {
  const demo = platform.demo!;
  const key = await Deno.readTextFile(demo.privateKeyPath);
  const body = await signedRequest({
    service_id: demo.serviceId,
    key_id: demo.keyId,
    timestamp: String(Math.floor(Date.now() / 1000)),
    action: "deploy",
    resource: "api-server#152",
    environment: "production",
    reason: "Release 152",
    triggered_by: demo.users.engineer,
    source_system: "github-actions",
    source_url: "",
    conditions: "",
    ...fields,
  }, key);
  const url = platform.triggers.find((t) => t.webhook_url)?.webhook_url;
  assert(url, "the app's webhook trigger was not created");
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assertEquals(await res.json(), { ok: true });
  await platform.engine.idle();
}

/** One synthetic decision of the history (`seedHistory`). */
export interface HistoryItem {
  id: string;
  request_id: string;
  service_id: string;
  service_name: string;
  environment: string;
  outcome: string;
}

const BOTS = [
  ["release-bot", "Release bot"],
  ["terraform-ci", "Terraform CI"],
  ["db-migrator", "DB migrator"],
] as const;
const ENVS = ["production", "staging", "development"] as const;
const OUTCOMES = ["approved", "auto_approved", "denied", "expired", "auto_denied", "rejected"];

/**
 * Puts `count` decided records spread over the last six days into the decisions datastore
 * (as the app's Web API calls would), cycling through bots, environments and outcomes; returns
 * them. Request ids are UUID-long, as real callers' are.
 */
export async function seedHistory(
  platform: Platform,
  count: number,
  now = Date.now(),
): Promise<HistoryItem[]> {
  const items: HistoryItem[] = [];
  for (let i = 0; i < count; i++) {
    const [serviceId, serviceName] = BOTS[i % BOTS.length];
    const outcome = OUTCOMES[i % OUTCOMES.length];
    const human = outcome === "approved" || outcome === "denied";
    const requestedAt = now - 6 * 24 * HOUR + Math.floor((i * 6 * 24 * HOUR) / count);
    const wait = human ? (2 + (i % 7) * 3) * 60_000 : 0;
    const requestId = `${(0x1000_0000 + i * 7919).toString(16)}-4c1e-4b7a-9d2f-${
      String(i).padStart(12, "0")
    }`;
    const item = {
      id: `${serviceId}|${requestId}`,
      request_id: requestId,
      service_id: serviceId,
      service_name: serviceName,
      key_id: `${serviceId}-1`,
      triggered_by: DEMO_USERS.engineer.id,
      source_system: "github-actions",
      action: i % 4 === 3 ? "migrate" : "deploy",
      resource: i % 4 === 3 ? "orders-db" : `api-server#${100 + i}`,
      environment: ENVS[Math.floor(i / BOTS.length) % ENVS.length],
      reason: `Release ${100 + i}`,
      status: "final",
      outcome,
      reason_code: {
        approved: "human_approved",
        denied: "human_denied",
        auto_approved: "policy_auto_approve",
        auto_denied: "policy_deny",
        expired: "approval_expired",
        rejected: "bad_signature",
      }[outcome],
      ...(human ? { decided_by: [i % 2 ? DEMO_USERS.approver1.id : DEMO_USERS.approver2.id] } : {}),
      ...(outcome === "denied" ? { denial_reason: "Change freeze this week" } : {}),
      requested_at: requestedAt,
      decided_at: requestedAt + wait,
      ...(human ? { time_to_decision_ms: wait } : {}),
      callback_status: outcome === "rejected" ? "skipped" : "delivered",
    };
    const put = await platform.api.call("apps.datastore.put", {
      datastore: DECISIONS,
      item,
    }, platform.botToken);
    assertEquals(put.ok, true, JSON.stringify(put));
    items.push(item);
  }
  return items;
}

/** Posts `count` plain messages to #approvals as the app would (oldest first). */
export async function postMessages(platform: Platform, count: number, prefix = "Note"): Promise<
  string[]
> {
  const ts: string[] = [];
  for (let i = 1; i <= count; i++) {
    const posted = await platform.api.call("chat.postMessage", {
      channel: DEMO_CHANNELS.approvals.id,
      text: `${prefix} ${i}: :white_check_mark: deploy of api-server#${i} finished`,
    }, platform.botToken);
    assertEquals(posted.ok, true, JSON.stringify(posted));
    ts.push(String(posted.ts));
  }
  return ts;
}

/** Opens the page and waits until it is ready and following live events. */
export async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('[data-testid="connection-status"]:text("live")');
}

/** Opens the side panel when the window is narrow enough for it to be a closed drawer. */
export async function showSidePanel(page: Page): Promise<void> {
  const toggle = page.getByTestId("panel-toggle");
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await page.getByTestId("side-panel").waitFor({ state: "visible" });
}

/** Whether the element of `selector` lies wholly inside its scrolling list's visible box. */
export function inView(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const node = document.querySelector(sel);
    const list = document.querySelector('[data-testid="message-list"]');
    if (!node || !list) return false;
    const a = node.getBoundingClientRect(), b = list.getBoundingClientRect();
    return a.top >= b.top - 1 && a.bottom <= b.bottom + 1 && a.bottom <= innerHeight;
  }, selector);
}

/**
 * A browser test on a fresh scenario platform: skipped without Chromium (failed in CI, see
 * `_browser.ts`), platform and browser closed whatever happens.
 */
export function pageTest(
  name: string,
  fn: (ctx: { platform: Platform; browser: Browser }) => Promise<void>,
  opts: { ignore?: boolean } = {},
): void {
  Deno.test({
    name,
    ignore: opts.ignore || browserUnavailable() !== undefined,
    // Playwright keeps a pipe to the browser process; the test closes both explicitly.
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const { platform, close } = await startScenario();
      const browser = await launchChromium();
      try {
        await fn({ platform, browser });
      } finally {
        await browser.close();
        await close();
      }
    },
  });
}
