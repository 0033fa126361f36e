/**
 * Facts with a source, end to end on the local platform with the real app: a compromised bot that
 * asserts `ci_status=passed` for production is sent to humans and the message says why; a rule
 * that requires verified OIDC claims auto-approves a keyless request from the local issuer; a
 * time window decides on an injected clock. Message and record show each fact with its source.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { canonicalString } from "../lib/contract/canonical.ts";
import type { UnsignedRequest } from "../lib/contract/fields.ts";
import { signedRequest } from "../lib/contract/mod.ts";
import { boundAudience, requestDigest } from "../lib/oidc/mod.ts";
import { startTestIssuer, type TestIssuer } from "../dev/oidc_issuer.ts";
import { decodeFacts } from "../lib/policy/facts.ts";
import type { Platform } from "../local/server.ts";
import { sendBody, withAppPlatform } from "./_app_platform.ts";
import { setClock } from "../functions/_clock.ts";

const AUDIENCE = "countersign-facts-e2e";
const KEYLESS = "gha-facts";

interface Env {
  platform: Platform;
  issuer: TestIssuer;
  approvals: string;
}

async function withPlatform(fn: (env: Env) => Promise<void>): Promise<void> {
  const issuer = await startTestIssuer();
  try {
    await withAppPlatform(
      "countersign-facts-e2e-",
      { COUNTERSIGN_OIDC_AUDIENCE: AUDIENCE },
      async (platform) => {
        const demo = platform.demo!;
        const base = platform.storage.getItem("services", demo.serviceId)!;
        platform.storage.putItem("services", KEYLESS, {
          ...base,
          id: KEYLESS,
          display_name: "GitHub deploy (keyless)",
          public_keys: [],
          oidc_issuer: issuer.issuer,
          oidc_claims: ["repository=acme/api"],
        });
        const approvals = (demo.channels as { approvals: string }).approvals;
        await fn({ platform, issuer, approvals });
      },
    );
  } finally {
    await issuer.close();
  }
}

function fields(serviceId: string, requestId: string, change: Partial<UnsignedRequest> = {}) {
  return {
    service_id: serviceId,
    key_id: "",
    request_id: requestId,
    timestamp: String(Math.floor(Date.now() / 1000)),
    action: "deploy",
    resource: "api-server#152",
    environment: "production",
    reason: "Release 152",
    triggered_by: "",
    source_system: "e2e",
    source_url: "",
    conditions: "ci_status=passed",
    ...change,
  };
}

const send = sendBody;

async function sendSigned(
  platform: Platform,
  requestId: string,
  change: Partial<UnsignedRequest> = {},
) {
  const demo = platform.demo!;
  const req = fields(demo.serviceId, requestId, { key_id: demo.keyId, ...change });
  const body = await signedRequest(req, await Deno.readTextFile(demo.privateKeyPath));
  await send(platform, body as unknown as Record<string, string>);
  return `${demo.serviceId}|${requestId}`;
}

function addRule(platform: Platform, rule: Record<string, unknown>): void {
  platform.storage.putItem("policies", String(rule.id), { enabled: true, position: 1, ...rule });
}

Deno.test("facts: a compromised bot asserting ci_status=passed for production is not auto-approved; the message and record say why", async () => {
  await withPlatform(async ({ platform, approvals }) => {
    addRule(platform, {
      id: "green-ci",
      name: "Green CI ships",
      conditions: "ci_status=passed",
      effect: "auto_approve",
    });
    const id = await sendSigned(platform, "compromised-1");
    const record = platform.storage.getItem("decisions", id)!;
    assertEquals([record.status, record.policy_name], ["pending", "Green CI ships"]);
    assertStringIncludes(String(record.policy_note), '"production" is a protected environment');
    assertEquals(decodeFacts(String(record.facts)), [
      { name: "ci_status", value: "passed", source: "asserted", by: "the caller" },
    ]);
    const [message] = platform.storage.listMessages(approvals);
    // Without the zero-width breaks that keep caller text from formatting.
    const shown = JSON.stringify(message.blocks).replaceAll("\u200b", "");
    assertStringIncludes(shown, "Facts the rule looked at");
    assertStringIncludes(shown, "*ci_status* = passed — _caller-asserted_");
    assertStringIncludes(
      shown,
      'Why humans are asked:* \\"production\\" is a protected environment',
    );

    // The same request for staging is auto-approved: nothing there is protected.
    const staging = await sendSigned(platform, "compromised-2", { environment: "staging" });
    const auto = platform.storage.getItem("decisions", staging)!;
    assertEquals([auto.outcome, auto.policy_id], ["auto_approved", "green-ci"]);
    assertEquals(decodeFacts(String(auto.facts))[0].source, "asserted");
  });
});

Deno.test("facts: a rule requiring verified OIDC claims auto-approves a keyless production request", async () => {
  await withPlatform(async ({ platform, issuer, approvals }) => {
    addRule(platform, {
      id: "main-branch",
      name: "main of acme/api ships",
      conditions: "oidc.repository=acme/api&oidc.ref=refs/heads/main&ci_status=passed",
      effect: "auto_approve",
    });
    const send1 = async (requestId: string, claims: Record<string, unknown> = {}) => {
      const req = fields(KEYLESS, requestId);
      const aud = boundAudience(AUDIENCE, await requestDigest(canonicalString(req)));
      await send(platform, { ...req, oidc_token: await issuer.token({ aud, ...claims }) });
      return platform.storage.getItem("decisions", `${KEYLESS}|${requestId}`)!;
    };
    const record = await send1("verified-1");
    assertEquals([record.outcome, record.reason_code], ["auto_approved", "policy_auto_approve"]);
    const facts = decodeFacts(String(record.facts));
    assertEquals(facts.map((f) => [f.name, f.value, f.source]), [
      ["oidc.repository", "acme/api", "verified"],
      ["oidc.ref", "refs/heads/main", "verified"],
      ["ci_status", "passed", "asserted"],
    ]);
    assertStringIncludes(String(facts[0].by), issuer.issuer);
    assertEquals(platform.storage.listMessages(approvals).length, 0, "nobody was asked");

    // A token from another branch does not satisfy the rule: humans are asked.
    const dev = await send1("verified-2", { ref: "refs/heads/dev" });
    assertEquals([dev.status, dev.policy_name], ["pending", "Production needs a human"]);
    // Nor does a key-signed bot that asserts the claims as its own conditions.
    const forged = await sendSigned(platform, "forged-1", {
      conditions: "oidc.repository=acme/api&oidc.ref=refs/heads/main&ci_status=passed",
    });
    assertEquals(platform.storage.getItem("decisions", forged)!.status, "pending");
  });
});

Deno.test("facts: a time window decides on an injected clock", async () => {
  await withPlatform(async ({ platform }) => {
    addRule(platform, {
      id: "office-hours",
      name: "Office hours",
      environment_pattern: "staging",
      conditions: "time.weekday=mon-fri&time.hours=09:00-17:00",
      effect: "auto_approve",
    });
    const at = async (iso: string, requestId: string) => {
      const restore = setClock(() => Date.parse(iso));
      try {
        const id = await sendSigned(platform, requestId, {
          environment: "staging",
          conditions: "",
        });
        return platform.storage.getItem("decisions", id)!;
      } finally {
        restore();
      }
    };
    const inside = await at("2026-12-02T10:00:00Z", "window-1"); // Wednesday 10:00 UTC
    assertEquals([inside.outcome, inside.policy_id], ["auto_approved", "office-hours"]);
    assertEquals(decodeFacts(String(inside.facts)).map((f) => [f.name, f.value, f.wanted]), [
      ["time.weekday", "wed", "mon-fri"],
      ["time.hours", "10:00", "09:00-17:00"],
    ]);
    const weekend = await at("2026-12-05T10:00:00Z", "window-2"); // Saturday
    assertEquals(weekend.status, "pending");
    assertEquals(weekend.policy_name, "Everything else", "the office-hours rule did not match");
  });
});
