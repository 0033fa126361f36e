/**
 * End to end, through a real browser: the local platform runs the unchanged app; signed requests
 * go to the webhook trigger through the CLI; people act on the page as the demo users; the test
 * checks what they would see (messages, ephemeral replies, the modal, the decisions table, the
 * callbacks the demo bot received).
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { startPlatform } from "../local/server.ts";
import { DEMO_USERS } from "../demo/workspace.ts";
import { browserUnavailable, launchChromium } from "./_browser.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const unavailable = browserUnavailable();
if (unavailable) console.warn(`skipping browser tests: ${unavailable}`);

/** Sends a signed request with the CLI, exactly as a bot operator would. */
async function send(opts: {
  url: string;
  key: string;
  requestId: string;
  environment: string;
  reason: string;
  conditions?: string[];
}): Promise<void> {
  const args = [
    "run",
    "--import-map=import_map.local.json",
    "-A",
    "cli/main.ts",
    "send",
    "--url",
    opts.url,
    "--key",
    opts.key,
    "--service",
    "demo-ci",
    "--key-id",
    "demo-ci-1",
    "--action",
    "deploy",
    "--resource",
    "api-server#152",
    "--environment",
    opts.environment,
    "--reason",
    opts.reason,
    "--triggered-by",
    DEMO_USERS.engineer.id,
    "--source-system",
    "github-actions",
    "--request-id",
    opts.requestId,
    ...(opts.conditions ?? []).flatMap((c) => ["--condition", c]),
  ];
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 0, `cli send failed: ${stderr}`);
  assertStringIncludes(new TextDecoder().decode(out.stdout), '{"ok":true}');
}

/** The approval message of one request in the open channel (found by its request id). */
function approvalMessage(page: Page, requestId: string): Locator {
  return page.getByTestId("message-list").locator('[data-testid="message"]', {
    hasText: requestId,
  });
}

async function actAs(page: Page, userId: string) {
  await page.getByTestId("acting-as").selectOption(userId);
}

/** Waits for the decision row of `requestId` to show `outcome`, and returns it. */
async function decisionRow(page: Page, requestId: string, outcome: string): Promise<Locator> {
  const selector =
    `[data-testid="decision-row"][data-request-id="${requestId}"][data-outcome="${outcome}"]`;
  await page.waitForSelector(selector);
  return page.locator(selector);
}

/** Waits for a verified callback for `requestId` with `outcome`. */
async function verifiedCallback(page: Page, requestId: string, outcome: string) {
  await page.waitForSelector(
    `[data-testid="callback-row"][data-request-id="${requestId}"][data-outcome="${outcome}"]` +
      `[data-verified="true"]`,
  );
}

Deno.test({
  name: "approval flow in the browser: refuse outsider, approve, deny with reason, auto-approve",
  ignore: unavailable !== undefined,
  // Playwright keeps a pipe to the browser process; the test closes both explicitly.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "countersign_e2e_" });
    const shots = await Deno.makeTempDir({ prefix: "countersign_e2e_shots_" });
    const platform = await startPlatform({ port: 0, dataDir, seed: true, quiet: true });
    const browser = await launchChromium();
    const errors: string[] = [];
    try {
      const webhook = platform.triggers.find((t) => t.type === "webhook")?.webhook_url;
      assert(webhook, "the app's webhook trigger was not created");
      assert(platform.demo, "the demo workspace was not seeded");
      const key = platform.demo.privateKeyPath;

      const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("dialog", (d) => {
        errors.push(`unexpected dialog: ${d.message()}`);
        d.dismiss();
      });
      await page.goto(platform.url);
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForSelector('[data-testid="connection-status"]:text("live")');
      assertEquals(await page.getByTestId("channel-title").textContent(), "# approvals");

      // 1. A production request needs a human: the approval message appears live.
      const hostile =
        "Release 152 <!channel> <https://evil.example|click> <img src=x onerror=alert(1)>";
      await send({
        url: webhook,
        key,
        requestId: "e2e-prod-1",
        environment: "production",
        reason: hostile,
      });
      const first = approvalMessage(page, "e2e-prod-1");
      await first.getByTestId("button-countersign_approve").waitFor();
      // Caller text is shown as text: no broadcast, no hidden link, no injected element.
      assertStringIncludes(await first.innerText(), "<!channel>");
      assertEquals(await first.locator(".special-mention").count(), 0);
      assertEquals(await first.locator('a[href*="evil.example"]').count(), 0);
      assertEquals(await first.locator("img").count(), 0);
      const ts = await first.getAttribute("data-ts");

      // 2. The outsider may not approve: an ephemeral reply only they see; nothing decided.
      await actAs(page, DEMO_USERS.outsider.id);
      await first.getByTestId("button-countersign_approve").click();
      const ephemeral = page.getByTestId("ephemeral-message");
      await ephemeral.waitFor();
      assertStringIncludes(await ephemeral.innerText(), "not an approver");
      await decisionRow(page, "e2e-prod-1", "pending");
      await page.screenshot({ path: join(shots, "1_outsider_refused.png") });

      // 3. An approver approves: the same message (same ts) turns into the outcome.
      await actAs(page, DEMO_USERS.approver1.id);
      await page.waitForSelector('[data-testid="ephemeral-message"]', { state: "detached" });
      await approvalMessage(page, "e2e-prod-1").getByTestId("button-countersign_approve").click();
      await page.waitForSelector(
        `[data-testid="message"][data-ts="${ts}"]:not(:has([data-testid^="button-"]))`,
      );
      const decided = page.locator(`[data-testid="message"][data-ts="${ts}"]`);
      assertEquals(await decided.count(), 1);
      assertStringIncludes(await decided.innerText(), "Approved");
      assertStringIncludes(await decided.innerText(), "@Ada Approver");
      const approved = await decisionRow(page, "e2e-prod-1", "approved");
      assertStringIncludes(await approved.innerText(), "Ada Approver");
      await verifiedCallback(page, "e2e-prod-1", "approved");

      // 4. A second request is denied through the modal, which insists on a reason.
      await send({
        url: webhook,
        key,
        requestId: "e2e-prod-2",
        environment: "production",
        reason: "Hotfix",
      });
      const second = approvalMessage(page, "e2e-prod-2");
      await second.getByTestId("button-countersign_deny").click();
      await page.getByTestId("confirm-dialog").waitFor();
      await page.getByTestId("confirm-ok").click();
      const modal = page.getByTestId("modal");
      await modal.waitFor();
      assertEquals(await page.getByTestId("modal-title").textContent(), "Deny request");
      // Slack's client refuses an empty required field itself; only spaces reach the app, which
      // answers with its own message under the field.
      await page.getByTestId("modal-submit").click();
      const fieldError = page.getByTestId("field-error-countersign_deny_reason");
      await page.waitForSelector('[data-testid="field-error-countersign_deny_reason"]:not(:empty)');
      // Refused as a Slack client refuses an empty required field, before the app sees it.
      assertStringIncludes(await fieldError.innerText(), "Please fill out this field.");
      await page.getByTestId("input-countersign_deny_reason").fill("   ");
      await page.getByTestId("modal-submit").click();
      await page.waitForSelector(
        '[data-testid="field-error-countersign_deny_reason"]:has-text("reason")',
      );
      assertStringIncludes(await fieldError.innerText(), "reason");
      await page.getByTestId("input-countersign_deny_reason").fill("Freeze week: no prod deploys");
      await page.getByTestId("modal-submit").click();
      await modal.waitFor({ state: "detached" });
      const denied = await decisionRow(page, "e2e-prod-2", "denied");
      assertStringIncludes(await denied.innerText(), "Freeze week: no prod deploys");
      await page.waitForSelector(
        '[data-testid="message"]:has-text("e2e-prod-2"):not(:has([data-testid^="button-"]))',
      );
      assertStringIncludes(await approvalMessage(page, "e2e-prod-2").innerText(), "Denied");
      await verifiedCallback(page, "e2e-prod-2", "denied");

      // 5. Staging with green CI is auto-approved: recorded and called back, no new message.
      const before = await page.getByTestId("message").count();
      await send({
        url: webhook,
        key,
        requestId: "e2e-stage-3",
        environment: "staging",
        reason: "Nightly",
        conditions: ["ci_status=passed"],
      });
      await decisionRow(page, "e2e-stage-3", "auto_approved");
      await verifiedCallback(page, "e2e-stage-3", "auto_approved");
      assertEquals(await page.getByTestId("message").count(), before);
      assertEquals(await approvalMessage(page, "e2e-stage-3").count(), 0);

      // 6. A forged request (valid signature of another request) is rejected and recorded;
      //    nobody is asked and nothing is called back.
      const output = await new Deno.Command(Deno.execPath(), {
        args: [
          ...["run", "--import-map=import_map.local.json", "-A", "cli/main.ts", "sign"],
          ...["--key", key, "--service", "demo-ci", "--key-id", "demo-ci-1"],
          ...["--action", "deploy", "--resource", "api-server#152", "--environment", "staging"],
          ...["--reason", "Nightly", "--request-id", "e2e-forged-4"],
        ],
        cwd: ROOT,
        stdout: "piped",
      }).output();
      const genuine = JSON.parse(new TextDecoder().decode(output.stdout));
      const forged = await fetch(webhook, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...genuine, environment: "production" }),
      });
      assertEquals(await forged.json(), { ok: true }, "the webhook accepts it like Slack does");
      const rejected = await decisionRow(page, "e2e-forged-4", "rejected");
      assertStringIncludes(await rejected.innerText(), "bad_signature");
      await page.waitForSelector('[data-testid="run"][data-status="completed"] >> nth=3');
      assertEquals(await page.getByTestId("message").count(), before);
      assertEquals(
        await page.locator('[data-testid="callback-row"][data-request-id="e2e-forged-4"]').count(),
        0,
      );

      await page.screenshot({ path: join(shots, "2_final.png") });

      // 6. Outcomes are announced in the watcher channel, and everything survives a reload.
      await page.getByTestId("channel-deploy-watch").click();
      await page.waitForSelector('[data-testid="channel-title"]:text("# deploy-watch")');
      await page.waitForSelector('[data-testid="message"]:has-text("Denied")');
      assertStringIncludes(await page.getByTestId("message-list").innerText(), "Approved");
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      assertEquals(await page.getByTestId("channel-title").textContent(), "# deploy-watch");
      await page.getByTestId("channel-approvals").click();
      await page.waitForSelector('[data-testid="message"]:has-text("e2e-prod-2")');
      assertStringIncludes(await approvalMessage(page, "e2e-prod-1").innerText(), "Approved");
      assertEquals(await page.getByTestId("acting-as").inputValue(), DEMO_USERS.approver1.id);
      console.log(`screenshots: ${shots}`);
      assertEquals(errors, []);
    } finally {
      await browser.close();
      await platform.close();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
