/**
 * The app's settings as a function reads them.
 *
 * @module
 */

/**
 * Reads a setting from a function's env (`slack env add` on hosted runs), falling back to the
 * process environment where the runtime allows it (local runs; hosted runs have no --allow-env).
 */
export function envSetting(env: Record<string, string> | undefined, name: string): string {
  if (env?.[name]) return env[name];
  try {
    return Deno.env.get(name) ?? "";
  } catch {
    return "";
  }
}
