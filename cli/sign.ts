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
  let res: Response;
  try {
    res = await fetch(parsed, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
  } catch (error) {
    throw new Error(`Cannot send request to "${url}": ${(error as Error).message}`);
  }
  const text = (await res.text()).slice(0, MAX_PRINTED_RESPONSE);
  if (!res.ok) throw new Error(`Cannot send request: HTTP ${res.status} ${text}`);
  const request = JSON.parse(body) as Record<string, string>;
  console.log(`HTTP ${res.status} ${text}`);
  console.log(`request_id: ${request.request_id}`);
}
