import { assertEquals, assertStringIncludes } from "@std/assert";
import { noticeBlocks, noticeText } from "./blocks.ts";

const view = {
  id: "bot|r1",
  service_id: "bot",
  action: "deploy",
  resource: "api",
  environment: "production",
  triggered_by: "<@U0BOSS>",
  break_glass_reason: "<!channel> *urgent* <https://evil.example|click>",
  review_due_at: Date.parse("2026-12-02T12:00:00Z"),
};

Deno.test("the notice is loud only where asked, and the caller's text stays inert", () => {
  const loud = JSON.stringify(noticeBlocks(view, "<@U0APPR1>", true));
  const quiet = JSON.stringify(noticeBlocks(view, "<@U0APPR1>", false));
  assertStringIncludes(loud, "<!here>");
  assertEquals(quiet.includes("<!here>"), false);
  for (const shown of [loud, quiet, noticeText(view)]) {
    assertEquals(shown.includes("<!channel>"), false, "no mention from caller text");
    assertEquals(shown.includes("<@U0BOSS>"), false);
    assertEquals(shown.includes("<https://evil"), false);
  }
  assertStringIncludes(loud, "BREAK-GLASS APPROVAL");
  assertStringIncludes(loud, "Acknowledge break-glass");
  assertStringIncludes(loud, "bot|r1");
});
