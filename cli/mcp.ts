/**
 * `mcp`: runs the Countersign MCP server over stdio for an AI agent (docs/mcp.md). The agent's
 * identity is a registered bot key on the machine. Stdout carries the protocol: nothing else may
 * print there.
 *
 * @module
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMcpServer } from "../mcp/server.ts";
import type { Flags } from "./_args.ts";
import { readPrivateKeyFile } from "./_key_file.ts";
import { readPublicKey } from "./receive.ts";

/** Flags of `mcp` (each also readable from the environment, see docs/mcp.md). */
export const MCP_FLAGS = {
  values: ["url", "key", "service", "key-id", "relay", "app-public-key", "wait-seconds"],
} as const;

const ENV: Record<string, string> = {
  url: "COUNTERSIGN_WEBHOOK_URL",
  key: "COUNTERSIGN_KEY_FILE",
  service: "COUNTERSIGN_SERVICE_ID",
  "key-id": "COUNTERSIGN_KEY_ID",
  relay: "COUNTERSIGN_RELAY_URL",
  "app-public-key": "COUNTERSIGN_APP_PUBLIC_KEY",
  "wait-seconds": "COUNTERSIGN_MCP_WAIT_SECONDS",
};

function setting(flags: Flags, name: string, fallback?: string): string {
  const value = flags.values.get(name) ?? Deno.env.get(ENV[name]) ?? fallback ?? "";
  if (!value) throw new Error(`Cannot start MCP server: --${name} (or ${ENV[name]}) is required`);
  return value;
}

/** Runs `mcp` until the client closes stdin. */
export async function mcp(flags: Flags): Promise<void> {
  const waitText = setting(flags, "wait-seconds", "45");
  const maxWaitSeconds = Number(waitText);
  if (!/^\d+$/.test(waitText) || maxWaitSeconds > 600) {
    throw new Error(`Cannot start MCP server: --wait-seconds "${waitText}" is not 0-600`);
  }
  const server = createMcpServer({
    identity: {
      serviceId: setting(flags, "service"),
      keyId: setting(flags, "key-id"),
      privateKey: await readPrivateKeyFile(setting(flags, "key")),
    },
    webhookUrl: setting(flags, "url"),
    relayUrl: setting(flags, "relay"),
    appPublicKey: await readPublicKey(setting(flags, "app-public-key"), "start MCP server"),
    maxWaitSeconds,
  });
  const closed = Promise.withResolvers<void>();
  server.onclose = () => closed.resolve();
  await server.connect(new StdioServerTransport());
  await closed.promise;
}
