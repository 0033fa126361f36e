import { assert, assertEquals } from "@std/assert";
import { checkCallbackUrl } from "./callback/domain.ts";
import { OUTGOING_DOMAINS } from "./config.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("the outgoing domains are at most 10 exact hosts (Slack's limit; no wildcards)", () => {
  assert(OUTGOING_DOMAINS.length <= 10, `${OUTGOING_DOMAINS.length} outgoing domains`);
  for (const host of OUTGOING_DOMAINS) {
    assertEquals(new URL(`https://${host}/`).hostname, host, `"${host}" is not a plain host`);
  }
});

Deno.test("every callback URL the README and docs register passes the app's own check", async () => {
  const refused: string[] = [];
  for (const file of ["README.md", "docs/deploying.md", "docs/oidc.md", "docs/callbacks.md"]) {
    const text = await Deno.readTextFile(new URL(file, ROOT));
    for (const [, url] of text.matchAll(/"callback_url":\s*"([^"]+)"/g)) {
      const check = checkCallbackUrl(url, OUTGOING_DOMAINS, []);
      if (!check.ok) refused.push(`${file}: ${check.reason}`);
    }
  }
  assertEquals(refused, []);
});
