/**
 * `sign` and `send`: build a request from flags, sign it with the bot's key (`lib/contract`), and
 * print it (`sign`, `send --print`) or POST it to the webhook URL (`send --url`). An OIDC token
 * (`--oidc-token`, `--oidc-token-file`) is added as `oidc_token`; with a token `--key` may be
 * left out (a keyless request, docs/oidc.md).
 *
 * @module
 */
import { signedRequest } from "../lib/contract/mod.ts";
import { type Flags, required } from "./_args.ts";
import { readPrivateKeyFile } from "./_key_file.ts";
import { buildRequest, checkRequest } from "./request.ts";
import { describeStatus } from "../lib/http_error.ts";
import { fetchOrExplain } from "./_http.ts";

/** Longest response body `send` prints. */
const MAX_PRINTED_RESPONSE = 4000;

/**
 * The OIDC token of `--oidc-token` or `--oidc-token-file` (trimmed), or `undefined`. The token is
 * a bearer credential: errors name the flag or file, never the token.
 *
 * @throws {Error} `Cannot read OIDC token …` when both flags are given, or the file is unreadable
 * or empty.
 */
export async function readOidcToken(flags: Flags): Promise<string | undefined> {
  const inline = flags.values.get("oidc-token");
  const path = flags.values.get("oidc-token-file");
  if (inline !== undefined && path !== undefined) {
    throw new Error("Cannot read OIDC token: give --oidc-token or --oidc-token-file, not both");
  }
  if (inline !== undefined) {
    if (inline.trim() === "") throw new Error("Cannot read OIDC token: --oidc-token is empty");
    return inline.trim();
  }
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "no such file" : (error as Error).message;
    throw new Error(`Cannot read OIDC token file "${path}": ${why}`);
  }
  if (text.trim() === "") throw new Error(`Cannot read OIDC token file "${path}": it is empty`);
  return text.trim();
}

/** Builds (and, with `--key`, signs) the request the flags describe. */
export async function signFromFlags(flags: Flags): Promise<Record<string, string>> {
  const token = await readOidcToken(flags);
  const keyPath = flags.values.get("key");
  if (!keyPath && token === undefined) {
    throw new Error(
      "Cannot sign request: --key is required (or --oidc-token / --oidc-token-file for a " +
        "keyless request)",
    );
  }
  const unsigned = buildRequest(flags, Date.now(), () => crypto.randomUUID());
  const body: Record<string, string> = keyPath
    ? await signedRequest(unsigned, await readPrivateKeyFile(keyPath))
    : { ...unsigned };
  if (token !== undefined) body.oidc_token = token;
  checkRequest(body);
  return body;
}

/** Runs `sign`: prints the signed JSON body. */
export async function sign(flags: Flags): Promise<void> {
  if (flags.values.has("url")) {
    throw new Error('Cannot sign request: --url belongs to "send" (sign only prints)');
  }
  console.log(JSON.stringify(await signFromFlags(flags)));
}

/** Runs `send`: POSTs the signed body to `--url` and prints the response (or prints with `--print`). */
export async function send(flags: Flags): Promise<void> {
  const body = JSON.stringify(await signFromFlags(flags));
  if (flags.booleans.has("print")) {
    console.log(body);
    return;
  }
  const url = required(flags, "url", "send request");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Cannot send request: "${url}" is not a URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new Error(`Cannot send request: "${url}" is not an http(s) URL`);
  }
  const res = await fetchOrExplain(parsed, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  }, "send request");
  const text = (await res.text()).slice(0, MAX_PRINTED_RESPONSE);
  if (!res.ok) throw new Error(`Cannot send request: ${describeStatus(res)} ${text}`);
  const request = JSON.parse(body) as Record<string, string>;
  console.log(`HTTP ${res.status} ${text}`);
  console.log(`request_id: ${request.request_id}`);
  for (const line of watchHints(parsed, request, flags)) console.log(line);
}

/**
 * Where the sender can follow the decision: its id (`<service_id>|<request_id>`, what `wait`
 * takes), the local platform's page when the webhook is on this machine, and the `wait` command.
 */
export function watchHints(
  webhook: URL,
  request: Record<string, string>,
  flags: Flags,
): string[] {
  const id = `${request.service_id}|${request.request_id}`;
  const local = LOCAL_HOSTS.has(webhook.hostname);
  const keyFlags = flags.values.has("key")
    ? ` --key ${shellWord(flags.values.get("key")!)} --key-id ${shellWord(request.key_id ?? "")}`
    : " --key FILE --key-id ID";
  return [
    `decision_id: ${id}`,
    local
      ? `Watch it: ${webhook.origin}/ (the local platform's page: the approval message and the decision)`
      : "Watch it: the bot's approval channel in Slack",
    `Wait for it: deno task cli wait ${shellWord(id)}${keyFlags} --relay URL ` +
    "--app-public-key KEY (or send with `deno task cli request --wait`)",
  ];
}

/** Hosts of a local platform (the page is served at the webhook's origin). */
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** `value` quoted for a POSIX shell when it holds anything but safe characters. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9._:\/@=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
