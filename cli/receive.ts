/**
 * `receive`: a demo callback receiver. Listens on 127.0.0.1, verifies each decision callback with
 * the app's public key and prints one line per delivery.
 *
 * @module
 */
import { normalizePublicKey } from "../lib/keys/mod.ts";
import { createCallbackReceiver, type Received } from "../demo/callback_receiver.ts";
import { type Flags, required } from "./_args.ts";

/** Flags of `receive`. */
export const RECEIVE_FLAGS = {
  values: ["port", "public-key"],
  repeated: ["service"],
  booleans: ["json"],
} as const;

/** One line describing a delivery. */
export function describeDelivery(r: Received): string {
  const body = (r.body ?? {}) as Record<string, unknown>;
  const who = Array.isArray(body.decided_by) && body.decided_by.length
    ? ` by ${body.decided_by.join(",")}`
    : "";
  const what = `${String(body.outcome ?? "?")} ${String(body.service_id ?? "?")}/${
    String(body.request_id ?? "?")
  }${who}`;
  return r.verified ? `verified ${what}` : `NOT VERIFIED ${what}: ${r.error ?? ""}`;
}

/** Reads a public key flag: a raw base64 / PEM key, or a file holding one. */
export async function readPublicKey(value: string, action = "start receiver"): Promise<string> {
  let text = value;
  try {
    if ((await Deno.stat(value)).isFile) text = await Deno.readTextFile(value);
  } catch {
    // Not a file: the value itself is the key.
  }
  try {
    return normalizePublicKey(text);
  } catch (error) {
    throw new Error(`Cannot ${action}: ${(error as Error).message}`);
  }
}

/** Runs `receive` until interrupted. */
export async function receive(flags: Flags): Promise<void> {
  const portText = required(flags, "port", "start receiver");
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Cannot start receiver: port "${portText}" is not 0-65535`);
  }
  const publicKey = await readPublicKey(required(flags, "public-key", "start receiver"));
  const json = flags.booleans.has("json");
  // A receiver acts for named services: another service's callback is refused (docs/callbacks.md).
  const services = flags.repeated.get("service") ?? [];
  if (services.length === 0) {
    throw new Error("Cannot start receiver: --service is required (the service id(s) it acts for)");
  }
  const receiver = createCallbackReceiver({
    publicKey,
    services,
    onReceive: (r) => console.log(json ? JSON.stringify(r) : describeDelivery(r)),
  });
  let server: Deno.HttpServer;
  try {
    server = Deno.serve({
      hostname: "127.0.0.1",
      port,
      onListen: ({ port }) => console.log(`Listening on http://127.0.0.1:${port}/`),
    }, (req) => receiver.handle(req));
  } catch (error) {
    throw new Error(`Cannot start receiver on port ${port}: ${(error as Error).message}`);
  }
  await server.finished;
}
