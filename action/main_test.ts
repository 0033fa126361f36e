/**
 * The GitHub Action's script as the runner starts it (plain `deno run`, no import map, the inputs
 * in the environment), against the local platform and a relay: with a key from secrets, and
 * keyless with the job's OIDC token (a local issuer standing in for GitHub's token endpoint).
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { startTestIssuer } from "../dev/oidc_issuer.ts";
import {
  approve,
  type CallerWorld,
  callerWorld,
  deny,
  REPO,
  serviceIdentity,
} from "../relay/_testing.ts";
import { cell } from "./main.ts";

/** Runs the action script; resolves with its exit code, job summary and outputs. */
async function runStep(
  env: Record<string, string>,
  onPending: (id: string) => Promise<void>,
  w: CallerWorld,
) {
  const dir = await Deno.makeTempDir({ prefix: "countersign_action_" });
  try {
    const summary = join(dir, "summary.md");
    const output = join(dir, "output");
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-net",
        "--allow-env",
        "--allow-read",
        "--allow-write",
        "action/main.ts",
      ],
      cwd: REPO,
      env: {
        ...env,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_OUTPUT: output,
        GITHUB_REPOSITORY: "acme/api",
        GITHUB_RUN_ID: "7311",
        GITHUB_RUN_ATTEMPT: "1",
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_ACTOR: "octocat",
        COUNTERSIGN_WEBHOOK_URL: w.webhookUrl,
        COUNTERSIGN_RELAY_URL: w.relay.url,
        COUNTERSIGN_APP_PUBLIC_KEY: w.appPublicKey,
        COUNTERSIGN_ACTION: "deploy",
        COUNTERSIGN_ENVIRONMENT: "production",
        COUNTERSIGN_REASON: "Release 7311",
      },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    // The request shows up as a pending decision; the human acts on it.
    const id = await pendingRequest(w);
    await onPending(id);
    const out = await child.output();
    const outputs = Object.fromEntries(
      (await Deno.readTextFile(output)).trim().split("\n").map((l) => l.split("=", 2)),
    );
    return {
      code: out.code,
      summary: await Deno.readTextFile(summary),
      outputs,
      log: new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function pendingRequest(w: CallerWorld): Promise<string> {
  for (;;) {
    for (const item of w.platform.storage.scanItems("decisions", 500).items) {
      if (item.status === "pending" && item.message_ts && item.source_system === "github-actions") {
        return String(item.id);
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("action: with a key from secrets, approved passes and denied fails the step", async () => {
  const w = await callerWorld();
  try {
    const env = {
      COUNTERSIGN_SERVICE_ID: w.serviceId,
      COUNTERSIGN_KEY_ID: w.keyId,
      COUNTERSIGN_PRIVATE_KEY: await Deno.readTextFile(w.keyPath),
    };
    const ok = await runStep(env, (id) => approve(w.platform, id), w);
    assertEquals(ok.code, 0, ok.log);
    assertStringIncludes(ok.summary, "### Countersign: approved");
    assertStringIncludes(ok.summary, w.platform.demo!.users.approver1);
    assertStringIncludes(ok.summary, "https://github.com/acme/api/actions/runs/7311");
    assertEquals(ok.outputs.outcome, "approved");
    assert(ok.outputs["decision-id"].startsWith(`${w.serviceId}|gha-7311-1-`));

    const no = await runStep(env, (id) => deny(w.platform, id, "Not <b>now</b> | later"), w);
    assertEquals(no.code, 1, no.log);
    assertStringIncludes(no.summary, "### Countersign: not approved");
    assertStringIncludes(no.summary, `Reason | ${cell("Not <b>now</b> | later")}`);
    assertEquals(no.outputs.outcome, "denied");
    assertStringIncludes(no.log, "::error::Countersign: denied");
  } finally {
    await w.close();
  }
});

Deno.test("action: keyless with the job's OIDC token; reads with a relay-only key", async () => {
  const issuer = await startTestIssuer();
  const reader = await serviceIdentity("gha-deploy", "relay-read");
  const w = await callerWorld({
    env: { COUNTERSIGN_OIDC_AUDIENCE: "countersign-action-test" },
    readers: [reader],
  });
  try {
    const base = w.platform.storage.getItem("services", w.serviceId)!;
    w.platform.storage.putItem("services", "gha-deploy", {
      ...base,
      id: "gha-deploy",
      public_keys: [],
      oidc_issuer: issuer.issuer,
      oidc_claims: ["repository=acme/api"],
      callback_url: `${w.relay.url}/v1/callbacks/gha-deploy`,
    });
    const env = {
      COUNTERSIGN_SERVICE_ID: "gha-deploy",
      COUNTERSIGN_OIDC_AUDIENCE: "countersign-action-test",
      ACTIONS_ID_TOKEN_REQUEST_URL: issuer.tokenRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.tokenRequestToken,
      COUNTERSIGN_READ_KEY: String(reader.privateKey),
      COUNTERSIGN_READ_KEY_ID: "relay-read",
    };
    const ok = await runStep(env, (id) => approve(w.platform, id), w);
    assertEquals(ok.code, 0, ok.log);
    assertEquals(ok.outputs.outcome, "approved");
    assert(issuer.requests.includes("/token"), "the job's token endpoint was asked");
  } finally {
    await w.close();
    await issuer.close();
  }
});

Deno.test("action.yml passes every input to the script under the name the script reads", async () => {
  const yml = await Deno.readTextFile(join(REPO, "action.yml"));
  const script = await Deno.readTextFile(join(REPO, "action/main.ts"));
  const block = yml.slice(yml.indexOf("\ninputs:"), yml.indexOf("\noutputs:"));
  const inputs = [...block.matchAll(/^ {2}([a-z-]+):\n {4}description:/gm)].map((m) => m[1]);
  const passed = new Map(
    [...yml.matchAll(/^ {8}(COUNTERSIGN_[A-Z_]+): \$\{\{ inputs\.([a-z-]+) \}\}$/gm)].map((m) => [
      m[2],
      m[1],
    ]),
  );
  assertEquals(inputs.length, 14);
  for (const input of inputs) {
    const name = passed.get(input);
    assert(name, `input ${input} reaches the script`);
    assert(
      script.includes(`"${name}"`) || script.includes(`env.${name}`),
      `action/main.ts reads ${name}`,
    );
  }
});
