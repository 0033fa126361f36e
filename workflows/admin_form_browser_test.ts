/**
 * The register form through a real browser, at a wide and a narrow window: Ada (the demo admin)
 * clicks "Register a bot", fills the twelve-odd fields with two mistakes (a bot id with a space
 * and a callback URL outside the outgoing domains), and the app answers with both problems under
 * their fields (`response_action: "errors"`) while everything typed stays; nothing is saved.
 * She corrects the two fields, the form is accepted and closes, the bot is stored and the app's
 * DM says so. Every wait is on a condition of the page, never a sleep.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { startPlatform } from "../local/server.ts";
import { DEMO_CHANNELS, DEMO_USERS } from "../demo/workspace.ts";
import { browserUnavailable, launchChromium } from "../e2e/_browser.ts";
import { TEST_PUBLIC_KEY } from "../lib/contract/_testing.ts";

const unavailable = browserUnavailable();
if (unavailable) console.warn(`skipping browser tests: ${unavailable}`);

for (const width of [1280, 800]) {
  Deno.test({
    name: `at ${width} px, the register form shows two invalid fields inline, keeps what was ` +
      "typed, then accepts the corrected form",
    ignore: unavailable !== undefined,
    // Playwright keeps a pipe to the browser process; the test closes both explicitly.
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const platform = await startPlatform({
        port: 0,
        dataDir: ":memory:",
        seed: true,
        quiet: true,
      });
      const browser = await launchChromium();
      const errors: string[] = [];
      try {
        const trigger = platform.triggers.find((t) =>
          t.workflow === "#/workflows/admin_register_bot"
        );
        assert(trigger, "the register shortcut was created from triggers/");
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.goto(platform.url);
        await page.waitForSelector('body[data-ready="true"]');
        await page.waitForSelector('[data-testid="connection-status"]:text("live")');
        await page.getByTestId("acting-as").selectOption(DEMO_USERS.approver1.id);

        await page.getByTestId(`shortcut-${trigger.id}`).click();
        const modal = page.getByTestId("modal");
        await modal.waitFor();
        assertEquals(await page.getByTestId("modal-title").textContent(), "Register a bot");
        const typed: Record<string, string> = {
          service_id: "deploy bot",
          public_key: TEST_PUBLIC_KEY,
          display_name: "Deploy bot",
          kind: "ci",
          allowed_actions: "deploy\nrollback",
          allowed_resources: "api-*",
          allowed_environments: "staging, production",
          approvals_required: "2",
          callback_url: "https://attacker.example/hook",
          approval_timeout_minutes: "30",
        };
        for (const [field, value] of Object.entries(typed)) {
          await page.getByTestId(`input-${field}`).fill(value);
        }
        await page.getByTestId("input-owner").selectOption(DEMO_USERS.engineer.id);
        await page.getByTestId("input-approver_users").selectOption([
          DEMO_USERS.approver1.id,
          DEMO_USERS.approver2.id,
        ]);
        await page.getByTestId("input-approval_channel").selectOption(DEMO_CHANNELS.approvals.id);
        await page.getByTestId("modal-submit").click();

        const problem = (field: string) => page.getByTestId(`field-error-${field}`);
        await page.waitForSelector('[data-testid="field-error-service_id"]:not(:empty)');
        await page.waitForSelector('[data-testid="field-error-callback_url"]:not(:empty)');
        assertStringIncludes(await problem("service_id").textContent() ?? "", "letters, digits");
        assertStringIncludes(
          await problem("callback_url").textContent() ?? "",
          "not in the app's outgoing",
        );
        assertEquals(await problem("display_name").textContent(), "");
        assertEquals(
          await page.getByTestId("input-service_id").getAttribute("aria-invalid"),
          "true",
        );
        // Everything typed is still there, the two wrong values included.
        for (const [field, value] of Object.entries(typed)) {
          assertEquals(await page.getByTestId(`input-${field}`).inputValue(), value, field);
        }
        assertEquals(
          await page.getByTestId("input-owner").inputValue(),
          DEMO_USERS.engineer.id,
        );
        assertEquals(
          await page.getByTestId("input-approver_users").evaluate((s) =>
            Array.from((s as unknown as { selectedOptions: { value: string }[] }).selectedOptions)
              .map((o) => o.value)
          ),
          [DEMO_USERS.approver1.id, DEMO_USERS.approver2.id],
        );
        assertEquals(platform.storage.scanItems("services", 100).items.length, 1, "only demo-ci");

        await page.getByTestId("input-service_id").fill("deploy-bot");
        await page.getByTestId("input-callback_url").fill(
          `${platform.url}/_local/demo-callback`,
        );
        await page.getByTestId("modal-submit").click();
        await modal.waitFor({ state: "detached" });

        const bot = platform.storage.getItem("services", "deploy-bot");
        assert(bot, "the corrected form registered the bot");
        assertEquals(bot.owner, DEMO_USERS.engineer.id);
        assertEquals(bot.approver_users, [DEMO_USERS.approver1.id, DEMO_USERS.approver2.id]);
        assertEquals(bot.allowed_actions, ["deploy", "rollback"]);
        assertEquals([bot.approvals_required, bot.approval_timeout_seconds], [2, 1800]);

        const botUser = platform.storage.listUsers().find((u) => u.is_bot)!;
        const dm = page.getByTestId(`dm-${botUser.id}`);
        await dm.waitFor();
        await dm.click();
        const message = page.getByTestId("message-list").locator('[data-testid="message"]')
          .filter({ hasText: "Registered bot" });
        await message.waitFor();
        assertStringIncludes(await message.textContent() ?? "", "deploy-bot");
        const events = platform.storage.scanItems("admin_events", 10).items;
        assertEquals(events.map((e) => [e.action, e.result]), [
          ["register_bot", "invalid"],
          ["register_bot", "applied"],
        ]);
        assertEquals(errors, []);
      } finally {
        await browser.close();
        await platform.close();
      }
    },
  });
}
