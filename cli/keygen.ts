/**
 * `keygen`: generates an Ed25519 key pair for a bot. The private key goes to a file (mode 0600)
 * and is never printed; the public key is printed with a ready `slack datastore put` snippet.
 *
 * @module
 */
import { generateKeyPair } from "../lib/keys/mod.ts";
import { type Flags, required } from "./_args.ts";

/** Flags of `keygen`. */
export const KEYGEN_FLAGS = {
  values: ["out", "service", "key-id"],
  booleans: ["force", "json"],
} as const;

/** The `slack datastore put` command registering a service with this public key. */
export function registrationSnippet(serviceId: string, keyId: string, publicKey: string): string {
  const item = {
    id: serviceId,
    display_name: serviceId,
    kind: "ci",
    owner: "U0123OWNER",
    public_keys: [{ key_id: keyId, public_key: publicKey }],
    allowed_actions: ["deploy"],
    allowed_resources: ["*"],
    allowed_environments: ["staging", "production"],
    approver_users: ["U0123APPR1"],
    approvals_required: 1,
    approval_channel: "C0123APPRV",
    callback_url: "https://hooks.example.com/countersign",
    status: "active",
  };
  return `slack datastore put --datastore services '${JSON.stringify({ item })}'`;
}

/** Runs `keygen`. */
export async function keygen(flags: Flags): Promise<void> {
  const out = required(flags, "out", "generate a key");
  const serviceId = flags.values.get("service") ?? "my-bot";
  const keyId = flags.values.get("key-id") ?? `${serviceId}-1`;
  const pair = await generateKeyPair();
  try {
    // createNew refuses to overwrite: replacing a key file by accident loses the old identity.
    await Deno.writeTextFile(out, pair.privateKeyPem, {
      mode: 0o600,
      createNew: !flags.booleans.has("force"),
    });
    await Deno.chmod(out, 0o600);
  } catch (error) {
    const why = error instanceof Deno.errors.AlreadyExists
      ? "the file exists (pass --force to replace it)"
      : (error as Error).message;
    throw new Error(`Cannot write key file "${out}": ${why}`);
  }
  if (flags.booleans.has("json")) {
    console.log(JSON.stringify({
      private_key_path: out,
      public_key: pair.publicKeyRaw,
      public_key_pem: pair.publicKeyPem,
      key_id: keyId,
    }));
    return;
  }
  console.log(`Wrote the private key to ${out} (mode 0600). Keep it secret; never commit it.

Public key (raw base64, for the services datastore):
${pair.publicKeyRaw}

Public key (PEM):
${pair.publicKeyPem.trim()}

Register the service (replace the user, channel ids and callback URL with yours):
${registrationSnippet(serviceId, keyId, pair.publicKeyRaw)}`);
}
