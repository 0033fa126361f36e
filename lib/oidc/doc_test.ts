/**
 * Runs the shell snippets of docs/oidc.md (canonical string + digest, token request, body + send)
 * against a local stand-in of GitHub's token endpoint and a local receiver, then verifies what
 * arrived the way verify_request does: the documented recipe must produce an accepted request.
 */
import { assert, assertEquals } from "@std/assert";
import { canonicalString } from "../contract/canonical.ts";
import { validateRequest } from "../contract/validate.ts";
import { IssuerCache } from "./issuer.ts";
import { verifyServiceToken } from "./registration.ts";
import { startTestIssuer } from "../../dev/oidc_issuer.ts";

const doc = await Deno.readTextFile(new URL("../../docs/oidc.md", import.meta.url));
const blocks = new Map(
  Array.from(doc.matchAll(/^```sh oidc:(\w+)\n([\s\S]*?)^```$/gm), (m) => [m[1], m[2]]),
);

async function has(command: string): Promise<boolean> {
  try {
    const out = await new Deno.Command("which", { args: [command], stdout: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}

const tools = (await has("openssl")) && (await has("curl"));
if (!tools) console.log("SKIPPED: openssl or curl is missing; docs/oidc.md snippets were not run");

Deno.test({
  name: "docs/oidc.md: the GitHub Actions snippets build a keyless request Countersign accepts",
  ignore: !tools,
  async fn() {
    for (const name of ["canonical", "github_token", "body"]) assert(blocks.has(name), name);
    const issuer = await startTestIssuer();
    const received = Promise.withResolvers<string>();
    const receiver = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      async (req) => {
        received.resolve(await req.text());
        return Response.json({ ok: true });
      },
    );
    const dir = await Deno.makeTempDir({ prefix: "countersign_oidc_doc_" });
    try {
      const script = blocks.get("canonical")! + blocks.get("github_token")! + blocks.get("body")!;
      const out = await new Deno.Command("sh", {
        args: ["-euc", script],
        cwd: dir,
        clearEnv: true,
        env: {
          PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
          LC_ALL: "C.UTF-8",
          SERVICE_ID: "api-deploy",
          REQUEST_ID: "gha-7311-1",
          ACTION: "deploy",
          RESOURCE: "api-server#152",
          ENVIRONMENT: "production",
          REASON: 'Say "hi" \\ ship it – ok',
          TRIGGERED_BY: "octocat",
          SOURCE_SYSTEM: "github-actions",
          SOURCE_URL: "https://github.com/acme/api/actions/runs/7311",
          CONDITIONS: "ci_status=passed",
          COUNTERSIGN_AUDIENCE: "countersign-acme",
          ACTIONS_ID_TOKEN_REQUEST_URL: issuer.tokenRequestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.tokenRequestToken,
          COUNTERSIGN_WEBHOOK_URL: `http://127.0.0.1:${receiver.addr.port}/webhook`,
        },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert(out.success, new TextDecoder().decode(out.stderr));
      const body = JSON.parse(await received.promise);
      assertEquals(body.reason, 'Say "hi" \\ ship it – ok');
      const request = validateRequest(body);
      assert(request.ok, request.ok ? "" : request.detail);
      assertEquals(
        await Deno.readTextFile(`${dir}/canonical.txt`),
        canonicalString(request.request),
      );
      const verified = await verifyServiceToken(request.request.oidc_token!, request.request, {
        id: "api-deploy",
        oidc_issuer: issuer.issuer,
        oidc_claims: ["repository=acme/api"],
      }, {
        audience: "countersign-acme",
        domains: { allowed: [], extra: ["127.0.0.1"] },
        cache: new IssuerCache({ fetch }),
      });
      assert(verified.ok, verified.ok ? "" : verified.detail);
      assertEquals(verified.bound, true);
    } finally {
      await receiver.shutdown();
      await issuer.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
