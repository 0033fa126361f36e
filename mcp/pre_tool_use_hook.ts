/**
 * A pre-tool-use hook for AI coding agents (Claude Code's `PreToolUse`, and any agent that runs a
 * command with the tool call as JSON on stdin): before a risky shell command runs, ask Countersign
 * and wait for a human. Exit 0 lets the command run; exit 2 blocks it, with the reason on stderr
 * (which the agent is shown). Anything not risky passes without asking. Configured by the same
 * `COUNTERSIGN_*` environment variables as `cli mcp` (docs/mcp.md).
 *
 * Fails closed: when Countersign cannot be asked, or the answer cannot be verified, the command
 * is blocked.
 *
 * @module
 */
import { normalizePublicKey } from "../lib/keys/ed25519.ts";
import { isApproved, send, sign, waitForDecision } from "../sdk/mod.ts";
import { reasonWithContext } from "./server.ts";

/** Shell commands that need a human first (extend with COUNTERSIGN_HOOK_PATTERN). */
export const RISKY = [
  /\brm\s+(-[a-zA-Z]*[rf][a-zA-Z]*\s+)+/,
  /\bgit\s+push\b.*(--force|-f\b)/,
  /\b(kubectl|helm)\s+(delete|uninstall|apply|rollout)\b/,
  /\bterraform\s+(apply|destroy)\b/,
  /\bdrop\s+(table|database)\b/i,
  /\b(shutdown|reboot|mkfs|dd\s+if=)/,
];

/** The hook's decision for one tool call. */
export interface HookDecision {
  /** 0 allow, 2 block. */
  code: 0 | 2;
  message: string;
}

/** The shell command of a tool call, or undefined when it is not a shell call. */
export function shellCommand(input: unknown): string | undefined {
  const call = input as { tool_name?: unknown; tool_input?: { command?: unknown } };
  if (call?.tool_name !== "Bash" && call?.tool_name !== "shell") return undefined;
  const command = call.tool_input?.command;
  return typeof command === "string" ? command : undefined;
}

/** Whether `command` needs approval. */
export function isRisky(command: string, extra?: RegExp): boolean {
  return RISKY.some((p) => p.test(command)) || (extra?.test(command) ?? false);
}

function need(env: Record<string, string | undefined>, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Cannot ask Countersign: ${name} is not set`);
  return value;
}

/** Decides one tool call (stdin JSON) with the settings in `env`. */
export async function decide(
  input: unknown,
  env: Record<string, string | undefined>,
): Promise<HookDecision> {
  const command = shellCommand(input);
  const extra = env.COUNTERSIGN_HOOK_PATTERN ? new RegExp(env.COUNTERSIGN_HOOK_PATTERN) : undefined;
  if (command === undefined || !isRisky(command, extra)) return { code: 0, message: "" };
  try {
    const identity = {
      serviceId: need(env, "COUNTERSIGN_SERVICE_ID"),
      keyId: need(env, "COUNTERSIGN_KEY_ID"),
      privateKey: await Deno.readTextFile(need(env, "COUNTERSIGN_KEY_FILE")),
    };
    const request = await sign(identity, {
      action: env.COUNTERSIGN_HOOK_ACTION || "run",
      resource: "shell",
      environment: env.COUNTERSIGN_HOOK_ENVIRONMENT || "workstation",
      reason: reasonWithContext("The agent wants to run a shell command", { command }),
      source_system: "countersign-hook",
    });
    await send(need(env, "COUNTERSIGN_WEBHOOK_URL"), request);
    const result = await waitForDecision({
      relayUrl: need(env, "COUNTERSIGN_RELAY_URL"),
      identity,
      requestId: request.request_id,
      appPublicKey: normalizePublicKey(need(env, "COUNTERSIGN_APP_PUBLIC_KEY")),
      timeoutMs: Number(env.COUNTERSIGN_HOOK_WAIT_SECONDS || "300") * 1000,
    });
    if (result.status === "pending") {
      return {
        code: 2,
        message:
          `Countersign: no decision yet on ${result.decision_id}; not running the command. ` +
          "Ask the user, or retry later.",
      };
    }
    if (isApproved(result.outcome)) return { code: 0, message: "" };
    const why = result.denial_reason ? `: ${result.denial_reason}` : "";
    return {
      code: 2,
      message: `Countersign: ${result.outcome} (${result.reason_code})${why}. Do not run it.`,
    };
  } catch (error) {
    return { code: 2, message: `Countersign: blocked, ${(error as Error).message}` };
  }
}

if (import.meta.main) {
  let input: unknown;
  try {
    input = JSON.parse(await new Response(Deno.stdin.readable).text());
  } catch {
    console.error("Countersign: blocked, the hook input is not JSON");
    Deno.exit(2);
  }
  const { code, message } = await decide(input, Deno.env.toObject());
  if (message) console.error(message);
  Deno.exit(code);
}
