/**
 * Reading private key files for the CLI.
 *
 * @module
 */
import { importPrivateKey } from "../lib/keys/mod.ts";

/**
 * Reads a private key file (PKCS#8 PEM, PKCS#8 base64 or raw seed base64) and checks it imports.
 * Warns on stderr when the file is readable by others: a leaked signing key lets anyone ask for
 * permission as the bot.
 *
 * @throws {Error} `Cannot read key file "<path>": …` (never including the key material).
 */
export async function readPrivateKeyFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "no such file" : (error as Error).message;
    throw new Error(`Cannot read key file "${path}": ${why}`);
  }
  try {
    await importPrivateKey(text);
  } catch (error) {
    throw new Error(`Cannot read key file "${path}": ${(error as Error).message}`);
  }
  try {
    const mode = (await Deno.stat(path)).mode;
    if (mode !== null && (mode & 0o077) !== 0) {
      console.error(
        `warning: key file "${path}" is readable by other users (mode ${
          (mode & 0o777).toString(8)
        }); run chmod 600 "${path}"`,
      );
    }
  } catch {
    // Permission bits are advisory; a stat failure after a successful read changes nothing.
  }
  return text;
}
