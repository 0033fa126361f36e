/**
 * `withdraw 'SERVICE|REQUEST_ID'`: withdraw the caller's own pending request through the webhook
 * (a signed request carrying `withdraw`, docs/request_contract.md), and the Ctrl+C offer of
 * `request --wait`. The answer is the target's own decision: `withdrawn` (exit 5) when it was
 * still pending, else the outcome it already had.
 *
 * @module
 */
import { type Decided, type Pending, send, signWithdraw } from "../sdk/mod.ts";
import { type Flags, required } from "./_args.ts";
import { readPrivateKeyFile } from "./_key_file.ts";

/** Flags of `withdraw`. */
export const WITHDRAW_FLAGS = {
  values: ["url", "key", "key-id", "reason", "request-id", "relay", "app-public-key", "timeout"],
  booleans: ["json"],
} as const;

/** Splits `SERVICE|REQUEST_ID`. @throws {Error} `Cannot <action>: …` when it is not one. */
export function parseDecisionId(text: string | undefined, action: string): [string, string] {
  const bar = (text ?? "").indexOf("|");
  if (!text || bar <= 0 || bar === text.length - 1) {
    throw new Error(
      `Cannot ${action}: "${String(text ?? "").slice(0, 200)}" is not <service_id>|<request_id>`,
    );
  }
  return [text.slice(0, bar), text.slice(bar + 1)];
}

/** What a wait needs to report on the withdrawn request (from `wait.ts`). */
export type WaitAndReport = (
  flags: Flags,
  serviceId: string,
  keyId: string,
  privateKey: string,
  requestId: string,
) => Promise<number>;

/** Signs and sends the withdraw of `requestId`; returns the withdraw request's own id. */
export async function sendWithdraw(
  url: string,
  identity: { serviceId: string; keyId: string; privateKey: string },
  requestId: string,
  reason?: string,
  ownId?: string,
): Promise<string> {
  const body = await signWithdraw(identity, requestId, { reason, request_id: ownId });
  await send(url, body as unknown as Record<string, unknown>);
  return body.request_id;
}

/** Runs `withdraw`: sends it; with `--relay`, waits for the target's decision and reports it. */
export async function withdrawCommand(
  flags: Flags,
  positional: string[],
  waitAndReport: WaitAndReport,
): Promise<number> {
  const [decisionId, ...extra] = positional;
  if (extra.length) throw new Error("Cannot withdraw request: give one decision id");
  const [serviceId, requestId] = parseDecisionId(decisionId, "withdraw request");
  const url = flags.values.get("url") ?? Deno.env.get("COUNTERSIGN_WEBHOOK_URL") ?? "";
  if (!url) {
    throw new Error("Cannot withdraw request: --url (or COUNTERSIGN_WEBHOOK_URL) is required");
  }
  const keyId = required(flags, "key-id", "withdraw request");
  const privateKey = await readPrivateKeyFile(required(flags, "key", "withdraw request"));
  const identity = { serviceId, keyId, privateKey };
  const own = await sendWithdraw(
    url,
    identity,
    requestId,
    flags.values.get("reason"),
    flags.values.get("request-id"),
  );
  const relay = flags.values.get("relay") ?? Deno.env.get("COUNTERSIGN_RELAY_URL");
  if (!relay) {
    if (flags.booleans.has("json")) {
      console.log(
        JSON.stringify({ status: "sent", decision_id: decisionId, withdraw_request_id: own }),
      );
    } else console.log(`sent: withdraw of ${decisionId} (withdraw request ${own})`);
    return 0;
  }
  if (!flags.booleans.has("json")) {
    console.error(`sent: withdraw of ${decisionId}; waiting for its decision…`);
  }
  return await waitAndReport(flags, serviceId, keyId, privateKey, requestId);
}

/**
 * After Ctrl+C stopped `request --wait`: withdraw the request when `--withdraw-on-interrupt` is
 * set (CI cancellations send SIGINT), or when the user says yes on a terminal; otherwise say how.
 * Returns whether it was withdrawn (then the caller waits for the `withdrawn` decision).
 */
export async function offerWithdraw(
  flags: Flags,
  url: string,
  identity: { serviceId: string; keyId: string; privateKey: string },
  result: Decided | Pending,
): Promise<boolean> {
  if (result.status !== "pending") return false;
  const id = result.decision_id;
  const requestId = id.slice(id.indexOf("|") + 1);
  let yes = flags.booleans.has("withdraw-on-interrupt");
  if (!yes && Deno.stdin.isTerminal()) {
    yes = confirm(`Withdraw request '${id}' so nobody can approve it any more?`);
  }
  if (!yes) {
    console.error(`the request stays pending; withdraw it with: deno task cli withdraw '${id}' …`);
    return false;
  }
  await sendWithdraw(url, identity, requestId);
  console.error(`sent: withdraw of ${id}; waiting for its decision…`);
  return true;
}
