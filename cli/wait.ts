/**
 * `request [--wait]` and `wait <decision_id>`: ask for permission and wait for the decision
 * through a decision relay (docs/relay.md), verify it with the app's public key, and exit with a
 * code a script can branch on.
 *
 * @module
 */
import { type Decided, isApproved, type Pending, send, waitForDecision } from "../sdk/mod.ts";
import { type Flags, required } from "./_args.ts";
import { readPrivateKeyFile } from "./_key_file.ts";
import { readPublicKey } from "./receive.ts";
import { REQUEST_FLAGS } from "./request.ts";
import { signFromFlags } from "./sign.ts";
import { listenForCallbacks } from "./_listen.ts";
import { offerWithdraw, parseDecisionId } from "./withdraw.ts";

/** Exit codes of `request --wait` and `wait` (docs/cli.md). */
export const EXIT = {
  approved: 0,
  error: 1,
  denied: 2,
  rejected: 3,
  expired: 4,
  withdrawn: 5,
  timeout: 6,
} as const;

const WAIT_VALUES = ["relay", "app-public-key", "timeout"] as const;

/** Flags of `request`. */
export const REQUEST_WAIT_FLAGS = {
  values: [...REQUEST_FLAGS.values, ...WAIT_VALUES, "listen"],
  repeated: REQUEST_FLAGS.repeated,
  booleans: ["wait", "json", "withdraw-on-interrupt"],
} as const;

/** Flags of `wait`. */
export const WAIT_FLAGS = {
  values: ["key", "key-id", ...WAIT_VALUES],
  booleans: ["json"],
} as const;

/** The exit code of a final outcome (unknown outcomes are errors: never "go ahead"). */
export function exitCodeOf(outcome: string): number {
  if (isApproved(outcome)) return EXIT.approved;
  if (outcome === "denied" || outcome === "auto_denied") return EXIT.denied;
  if (outcome === "rejected") return EXIT.rejected;
  if (outcome === "expired") return EXIT.expired;
  if (outcome === "withdrawn") return EXIT.withdrawn;
  return EXIT.error;
}

/** Human-readable lines for a result. */
export function describeResult(result: Decided | Pending): string[] {
  if (result.status === "pending") {
    return [
      `pending: ${result.decision_id} is not decided yet (the request stays open)`,
      `continue with: deno task cli wait '${result.decision_id}' …`,
    ];
  }
  const lines = [
    `decision: ${result.outcome}${result.reason_code ? ` (${result.reason_code})` : ""}`,
    `decision_id: ${result.decision_id}`,
  ];
  if (result.decided_by.length) lines.push(`decided by: ${result.decided_by.join(", ")}`);
  if (result.denial_reason) lines.push(`reason: ${result.denial_reason}`);
  return lines;
}

function setting(flags: Flags, flag: string, env: string, action: string): string {
  const value = flags.values.get(flag) ?? Deno.env.get(env) ?? "";
  if (!value) throw new Error(`Cannot ${action}: --${flag} (or ${env}) is required`);
  return value;
}

/** The `--timeout` flag in seconds. */
function timeoutOf(flags: Flags): number {
  const text = flags.values.get("timeout") ?? "3600";
  if (!/^\d+$/.test(text) || Number(text) > 7 * 24 * 3600) {
    throw new Error(`Cannot wait for decision: --timeout "${text}" is not 0-604800 seconds`);
  }
  return Number(text);
}

/** The app's public key from `--app-public-key` or the environment. */
function appKeyOf(flags: Flags): Promise<string> {
  return readPublicKey(
    setting(flags, "app-public-key", "COUNTERSIGN_APP_PUBLIC_KEY", "wait for decision"),
    "wait for decision",
  );
}

/**
 * Runs `wait` until done; Ctrl+C (SIGINT) aborts it, leaving the request pending. `interrupted`
 * tells the caller whether Ctrl+C ended it (then `request --wait` offers to withdraw).
 */
async function interruptible<T>(
  wait: (signal: AbortSignal) => Promise<T>,
  interrupted?: { value: boolean },
): Promise<T> {
  const stop = new AbortController();
  const onSignal = () => {
    if (interrupted) interrupted.value = true;
    stop.abort();
  };
  Deno.addSignalListener("SIGINT", onSignal);
  // Said once Ctrl+C is handled (a script may wait for this line before it interrupts).
  if (interrupted) console.error("waiting; Ctrl+C offers to withdraw the request");
  try {
    return await wait(stop.signal);
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
  }
}

/** Prints a result and returns its exit code. */
function report(flags: Flags, result: Decided | Pending): number {
  const code = result.status === "pending" ? EXIT.timeout : exitCodeOf(result.outcome);
  if (flags.booleans.has("json")) {
    const { payload: _payload, ...shown } = result as Decided;
    console.log(JSON.stringify({ ...shown, exit_code: code }));
  } else {
    for (const line of describeResult(result)) console.log(line);
  }
  return code;
}

/**
 * Waits through the relay, prints and returns the exit code. With `withdrawUrl` (from
 * `request --wait`), Ctrl+C offers to withdraw the request, then waits for its final decision.
 */
export async function waitAndReport(
  flags: Flags,
  serviceId: string,
  keyId: string,
  privateKey: string,
  requestId: string,
  withdrawUrl?: string,
): Promise<number> {
  const relayUrl = setting(flags, "relay", "COUNTERSIGN_RELAY_URL", "wait for decision");
  const appKey = await appKeyOf(flags);
  const timeout = timeoutOf(flags);
  const identity = { serviceId, keyId, privateKey };
  const waitFor = (timeoutMs: number, signal?: AbortSignal) =>
    waitForDecision({ relayUrl, identity, requestId, appPublicKey: appKey, timeoutMs, signal });
  const interrupted = { value: false };
  let result = await interruptible((signal) => waitFor(timeout * 1000, signal), interrupted);
  if (
    withdrawUrl && interrupted.value &&
    await offerWithdraw(flags, withdrawUrl, identity, result)
  ) {
    // The withdraw's answer is the request's own decision (withdrawn, or what it already was).
    result = await interruptible((signal) => waitFor(60_000, signal));
  }
  return report(flags, result);
}

/** `request --wait --listen`: a direct callback listener instead of a relay. */
async function requestAndListen(flags: Flags, url: string, address: string): Promise<number> {
  const body = await signFromFlags(flags);
  const timeout = timeoutOf(flags);
  // Listening starts before the request is sent, so no callback can arrive unheard.
  const listener = listenForCallbacks(address, body.service_id, await appKeyOf(flags));
  try {
    await send(url, body);
    const pending: Pending = {
      status: "pending",
      decision_id: `${body.service_id}|${body.request_id}`,
    };
    const result = await interruptible((signal) =>
      new Promise<Decided | Pending>((resolve) => {
        const timer = setTimeout(() => resolve(pending), timeout * 1000);
        signal.addEventListener("abort", () => resolve(pending), { once: true });
        listener.decision(body.request_id).then((d) => {
          clearTimeout(timer);
          resolve(d ?? pending);
        });
      })
    );
    return report(flags, result);
  } finally {
    await listener.close();
  }
}

/** Runs `request`: sends the signed request; with `--wait`, waits for the decision. */
export async function request(flags: Flags): Promise<number> {
  const url = setting(flags, "url", "COUNTERSIGN_WEBHOOK_URL", "send request");
  const listen = flags.values.get("listen");
  if (listen !== undefined) {
    if (!flags.booleans.has("wait")) {
      throw new Error("Cannot send request: --listen belongs to --wait");
    }
    return await requestAndListen(flags, url, listen);
  }
  const body = await signFromFlags(flags);
  const sent = await send(url, body);
  const decisionId = `${body.service_id}|${body.request_id}`;
  if (!flags.booleans.has("wait")) {
    if (flags.booleans.has("json")) {
      console.log(JSON.stringify({ status: "sent", decision_id: decisionId, http: sent.status }));
    } else console.log(`sent: ${decisionId} (HTTP ${sent.status})`);
    return 0;
  }
  if (!flags.values.get("key")) {
    throw new Error("Cannot wait for decision: --wait needs --key (it signs the relay reads)");
  }
  if (!flags.booleans.has("json")) console.error(`sent: ${decisionId}; waiting for a decision…`);
  return await waitAndReport(
    flags,
    body.service_id,
    body.key_id,
    await readPrivateKeyFile(flags.values.get("key")!),
    body.request_id,
    url,
  );
}

/** Runs `wait <decision_id>`. */
export async function wait(flags: Flags, positional: string[]): Promise<number> {
  const [decisionId, ...extra] = positional;
  if (!decisionId || extra.length) {
    throw new Error("Cannot wait for decision: give one decision id (<service_id>|<request_id>)");
  }
  const [serviceId, requestId] = parseDecisionId(decisionId, "wait for decision");
  const key = await readPrivateKeyFile(required(flags, "key", "wait for decision"));
  return await waitAndReport(
    flags,
    serviceId,
    required(flags, "key-id", "wait for decision"),
    key,
    requestId,
  );
}
