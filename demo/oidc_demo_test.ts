import { assertEquals, assertStringIncludes } from "@std/assert";
import { KEYLESS_SERVICE_ID, startKeylessDemo } from "./oidc_demo.ts";

Deno.test("keyless demo: the request waits for approval with its verified identity", async () => {
  const demo = await startKeylessDemo({ port: 0 });
  try {
    const channel = (demo.platform.demo!.channels as { approvals: string }).approvals;
    const messages = demo.platform.storage.listMessages(channel);
    assertEquals(messages.length, 1);
    const shown = JSON.stringify(messages[0].blocks);
    assertStringIncludes(shown, "Verified identity");
    assertStringIncludes(shown, "octocat");
    const record = demo.platform.storage.getItem(
      "decisions",
      `${KEYLESS_SERVICE_ID}|${demo.requestId}`,
    );
    assertEquals([record?.status, record?.identity_method], ["pending", "oidc"]);
  } finally {
    await demo.close();
  }
});
