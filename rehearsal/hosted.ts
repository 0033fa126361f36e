/**
 * Runs a bundle the way Slack's hosted runtime does: a fresh Deno process executing
 * deno-slack-runtime 1.1.3's dispatch on the `{body, context}` envelope, with only the hosted
 * permissions — `--allow-net` of the manifest's `outgoingDomains` plus the Web API host, read
 * access to the bundles, no `--allow-env`, no writes. A permission the function needed and did not
 * get (even one it caught and logged) fails the rehearsal with a message naming it.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RehearsalError, stripAnsi } from "./offline.ts";

const ENTRY = join(dirname(fileURLToPath(import.meta.url)), "slack_entry", "hosted_run.ts");
const RESULT_MARK = "::rehearsal-result::";

/** How to start hosted invocations. */
export interface HostedRuntime {
  /** The Deno executable. */
  deno: string;
  /** Folder holding `<callback_id>.js` bundles. */
  functionsDir: string;
  /** Path of the runtime import map (see `runtimeImportMap`). */
  importMap: string;
  /** Hosts for `--allow-net`: the manifest's outgoing domains and the Web API's host:port. */
  allowNet: string[];
  /** The manifest's outgoing domains, for messages. */
  outgoingDomains: string[];
}

/** What one invocation returned and printed. */
export interface Invocation {
  response: Record<string, unknown>;
  output: string;
}

/** The `Requires … access` cause in a process's output, as a sentence naming it, if any. */
export function permissionProblem(
  callbackId: string,
  output: string,
  outgoingDomains: readonly string[],
): string | undefined {
  const net = output.match(/Requires net access to "([^"]+)"/);
  if (net) {
    const host = net[1].replace(/:443$/, "");
    return `function "${callbackId}" fetched "${host}", which is not in the manifest's ` +
      `outgoingDomains (${outgoingDomains.join(", ") || "none"}); hosted Slack allows exactly ` +
      `those hosts`;
  }
  const env = output.match(/Requires env access(?: to "([^"]+)")?/);
  if (env) {
    return `function "${callbackId}" reads the environment${env[1] ? ` ("${env[1]}")` : ""} ` +
      `with Deno.env/process.env, which the hosted runtime does not allow (no --allow-env): ` +
      `read settings from the handler's env (slack env add)`;
  }
  const write = output.match(/Requires write access(?: to "([^"]+)")?/);
  if (write) {
    return `function "${callbackId}" writes files${write[1] ? ` ("${write[1]}")` : ""}, which ` +
      `the hosted runtime does not allow (no --allow-write): keep state in datastores`;
  }
  const other = output.match(/Requires (\w+) access/);
  if (other) {
    return `function "${callbackId}" needs ${other[1]} access, which the hosted runtime does not ` +
      `grant`;
  }
  return undefined;
}

/**
 * Invokes one bundle through Slack's runtime dispatch with hosted permissions.
 *
 * @param callbackId the function, for messages (the runtime finds it from the payload)
 * @param payload the `{body, context}` envelope Slack would send
 * @throws RehearsalError naming the missing permission, or the function's uncaught error
 */
export async function invokeHosted(
  rt: HostedRuntime,
  callbackId: string,
  payload: unknown,
): Promise<Invocation> {
  const child = new Deno.Command(rt.deno, {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      "--no-config",
      "--no-lock",
      `--import-map=${rt.importMap}`,
      `--allow-read=${rt.functionsDir}`,
      `--allow-net=${rt.allowNet.join(",")}`,
      ENTRY,
      rt.functionsDir,
    ],
    cwd: rt.functionsDir,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    // Nothing of the caller's environment reaches the function (it could not read it anyway);
    // only what Deno itself needs to find its cache.
    clearEnv: true,
    env: Object.fromEntries(
      ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME"].flatMap((k) => {
        const v = Deno.env.get(k);
        return v === undefined ? [] : [[k, v]];
      }),
    ),
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(payload)));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const text = new TextDecoder().decode(stdout);
  const line = text.split("\n").find((l) => l.startsWith(RESULT_MARK));
  const response = line ? JSON.parse(line.slice(RESULT_MARK.length)) : undefined;
  // What the function printed (even errors it caught and logged) and what it threw.
  const printed = text.split("\n").filter((l) => !l.startsWith(RESULT_MARK)).join("\n");
  const thrown = response?.thrown?.message ?? "";
  const output = stripAnsi(`${printed}\n${new TextDecoder().decode(stderr)}\n${thrown}`);
  const problem = permissionProblem(callbackId, output, rt.outgoingDomains);
  if (problem) throw new RehearsalError(`Cannot run on hosted Slack: ${problem}`);
  const missing = output.match(/Module not found "([^"]+)"/);
  if (missing) {
    throw new RehearsalError(
      `Cannot run on hosted Slack: function "${callbackId}" imports "${missing[1]}" at run time, ` +
        "which its bundle does not contain (a computed import cannot be bundled; import it " +
        "statically)",
    );
  }
  if (code !== 0 || !response || response.thrown) {
    const why = response?.thrown?.message ?? output.trim().split("\n").slice(-5).join(" | ");
    throw new RehearsalError(`Cannot run function "${callbackId}" as hosted Slack does: ${why}`);
  }
  return { response, output };
}
