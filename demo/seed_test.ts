import { assertEquals, assertExists } from "@std/assert";
import { join } from "node:path";
import { Policies } from "../datastores/policies.ts";
import { Services } from "../datastores/services.ts";
import { signRequest, verifySignature } from "../lib/contract/mod.ts";
import { evaluatePolicies, type PolicyRule } from "../lib/policy/mod.ts";
import { checkAllowLists } from "../lib/policy/mod.ts";
import { openSqliteStorage } from "../local/storage/sqlite.ts";
import { seedDemo } from "./seed.ts";

const unsigned = {
  service_id: "demo-ci",
  key_id: "demo-ci-1",
  request_id: "r-1",
  timestamp: "1700000000",
  action: "deploy",
  resource: "api-server#152",
  environment: "production",
  reason: "Release 152",
  triggered_by: "U0ENG00001",
  source_system: "github-actions",
  source_url: "",
  conditions: "",
};

Deno.test("seedDemo writes the demo workspace and a usable, private bot key", async () => {
  const dir = await Deno.makeTempDir();
  const storage = openSqliteStorage(":memory:");
  try {
    const info = await seedDemo({ storage, dataDir: dir, baseUrl: "http://127.0.0.1:4321" });
    assertEquals(info.privateKeyPath, join(dir, "demo-ci.key"));
    assertEquals((await Deno.stat(info.privateKeyPath)).mode! & 0o777, 0o600);

    assertEquals(storage.getUser(info.users.approver1)?.real_name, "Ada Approver");
    assertEquals(storage.getUser(info.users.outsider)?.real_name, "Oscar Outsider");
    assertEquals(storage.getUsergroup("S0APPROVERS")?.users, [
      info.users.approver1,
      info.users.approver2,
    ]);
    const names = storage.listChannels().map((c) => c.name).sort();
    assertEquals(names, ["approvals", "deploy-watch"]);
    // Ephemeral replies need the user in the channel, outsiders included.
    assertEquals(
      storage.getChannel(info.channels.approvals)?.members.includes(info.users.outsider),
      true,
    );

    const service = storage.getItem(Services.name, "demo-ci");
    assertExists(service);
    assertEquals(service.callback_url, "http://127.0.0.1:4321/_local/demo-callback");
    assertEquals(service.approval_channel, info.channels.approvals);

    // The written private key signs requests that the registered public key verifies.
    const pem = await Deno.readTextFile(info.privateKeyPath);
    const signature = await signRequest(unsigned, pem);
    const keys = service.public_keys as { key_id: string; public_key: string }[];
    assertEquals(keys[0].key_id, info.keyId);
    assertEquals(await verifySignature({ ...unsigned, signature }, keys[0].public_key), true);
  } finally {
    storage.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("seeded policies: staging+green CI auto-approves, production asks one human", async () => {
  const dir = await Deno.makeTempDir();
  const storage = openSqliteStorage(":memory:");
  try {
    await seedDemo({ storage, dataDir: dir, baseUrl: "http://127.0.0.1:3000" });
    const rules = storage.scanItems(Policies.name, 100).items as unknown as PolicyRule[];
    const service = storage.getItem(Services.name, "demo-ci")!;
    const ask = (environment: string, conditions: string) =>
      evaluatePolicies(rules, { ...unsigned, environment, conditions }, 1);
    assertEquals(ask("staging", "ci_status=passed").effect, "auto_approve");
    assertEquals(ask("staging", "ci_status=failed").effect, "require_approval");
    const prod = ask("production", "ci_status=passed");
    assertEquals([prod.effect, prod.approvals_required, prod.rule?.id], [
      "require_approval",
      1,
      "production",
    ]);
    assertEquals(checkAllowLists(service, { ...unsigned }, "demo-ci").ok, true);
    assertEquals(
      checkAllowLists(service, { ...unsigned, environment: "dev" }, "demo-ci").ok,
      false,
    );
  } finally {
    storage.close();
    await Deno.remove(dir, { recursive: true });
  }
});
