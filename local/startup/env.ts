/**
 * The app's environment file, `<data folder>/env`: `KEY=VALUE` lines (blank lines and `#`
 * comments ignored, surrounding double quotes removed), the local stand-in for `slack env add`.
 *
 * @module
 */

/** Parses env-file text; `source` names the file in error messages. */
export function parseEnv(text: string, source: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    const key = eq > 0 ? line.slice(0, eq).trim() : "";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new Error(`Cannot read "${source}": line ${index + 1} is not KEY=VALUE`);
    }
    env[key] = line.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
  }
  return env;
}

/** Reads an env file; a missing file is an empty environment. */
export async function readEnvFile(path: string): Promise<Record<string, string>> {
  try {
    return parseEnv(await Deno.readTextFile(path), path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return {};
    throw error;
  }
}
