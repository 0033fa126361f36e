/**
 * `sign` and `send`: build a request from flags, sign it with the bot's key (`lib/contract`), and
 * print it (`sign`, `send --print`) or POST it to the webhook URL (`send --url`).
 *
 * @module
 */
import { signedRequest } from "../lib/contract/mod.ts";
import { type Flags, required } from "./_args.ts";
import { readPrivateKeyFile } from "./_key_file.ts";
import { buildRequest, checkRequest } from "./request.ts";

/** Longest response body `send` prints. */
const MAX_PRINTED_RESPONSE = 4000;

/** Builds and signs the request the flags describe. */
async function signFromFlags(flags: Flags): Promise<Record<string, string>> {
  const keyPath = required(flags, "key", "sign request");
  const unsigned = buildRequest(flags, Date.now(), () => crypto.randomUUID());
  const key = await readPrivateKeyFile(keyPath);
  const signed = await signedRequest(unsigned, key);
  checkRequest(signed);
  return signed;
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
