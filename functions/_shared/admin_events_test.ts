import { assert, assertEquals } from "@std/assert";
import { AdminEvents } from "../../datastores/admin_events.ts";
import { AdminSetBotStatusFunction } from "../admin_set_bot_status/definition.ts";
import handler from "../admin_set_bot_status/mod.ts";
import { W, withAdminPlatform } from "./_testing.ts";
import { generateTestKeyPair } from "../../lib/callback/_testing.ts";
import { SIGNING_KEY_ENV } from "../../lib/config.ts";
import { recordMessage } from "../../lib/audit/canonical.ts";
import { importSyncPublicKey, verifyText } from "../../lib/audit/ed25519_sync.ts";

Deno.test("admin events, applied and refused, carry the app's record signature", () =>
  withAdminPlatform(AdminSetBotStatusFunction, handler, async ({ run, events }) => {
    const keys = await generateTestKeyPair();
    const env = { [SIGNING_KEY_ENV]: keys.pkcs8 };
    await run({ actor: W.users.alice, service_id: "ci-bot", status: "disabled" }, env);
    await run({ actor: W.users.carol, service_id: "ci-bot", status: "active" }, env);
    const stored = events();
    assertEquals(stored.map((e) => e.result), ["applied", "refused"]);
    const key = await importSyncPublicKey(keys.publicKey);
    for (const event of stored) {
      assertEquals(event.record_key_id, key.keyId);
      const message = recordMessage(AdminEvents.name, event);
      assert(verifyText(key, message, String(event.record_signature)), String(event.id));
      const altered = recordMessage(AdminEvents.name, { ...event, actor: W.users.bob });
      assertEquals(verifyText(key, altered, String(event.record_signature)), false);
    }
  }));
