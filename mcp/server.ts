/**
 * The Countersign MCP server (docs/mcp.md): lets an AI agent ask a human for permission in Slack
 * before a risky action. Tools:
 *
 * - `request_approval`: signs and sends a request as the agent's registered bot, then waits a
 *   bounded time (agent clients drop tool calls after 60–120 s) and returns the verified decision,
 *   or `pending` with the decision id;
 * - `wait_for_decision`: waits (bounded) for a pending decision;
 * - `get_decision`: reads it without waiting.
 *
 * Only `approved` and `auto_approved` mean "go ahead": every result says so in `approved`.
 *
 * @module
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  type CallToolRequest,
  CallToolRequestSchema,
  ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { inertText } from "../lib/callback/payload.ts";
import {
  type Decided,
  isApproved,
  type Pending,
  send,
  type ServiceIdentity,
  sign,
  waitForDecision,
} from "../sdk/mod.ts";

/** What the server needs: the agent's bot identity, where to send, where to wait. */
export interface McpConfig {
  identity: ServiceIdentity;
  webhookUrl: string;
  relayUrl: string;
  appPublicKey: string;
  /** Longest wait inside one tool call, seconds (keep it under the client's tool timeout). */
  maxWaitSeconds: number;
}

const FIELD = { type: "string", minLength: 1 } as const;

/** The tools' JSON schemas (no zod: plain JSON Schema is what MCP sends anyway). */
export const TOOLS = [
  {
    name: "request_approval",
    description: "Ask a human in Slack for permission before a risky action. Waits a bounded " +
      "time; returns the decision, or status 'pending' with a decision_id to pass to " +
      "wait_for_decision. Proceed ONLY when the result says approved: true.",
    inputSchema: {
      type: "object",
      properties: {
        action: { ...FIELD, description: "What you want to do, e.g. deploy, delete, run" },
        resource: { ...FIELD, description: "What it acts on, e.g. a service, file or table" },
        environment: { ...FIELD, description: "Where, e.g. production, staging, laptop" },
        reason: { ...FIELD, description: "Why, in one or two sentences for the approver" },
        context: {
          type: "object",
          description: "The tool call's arguments, shown to the approver (bounded)",
        },
        wait_seconds: { type: "number", minimum: 0, description: "Wait at most this long" },
      },
      required: ["action", "resource", "environment", "reason"],
    },
  },
  {
    name: "wait_for_decision",
    description: "Wait (bounded) for a pending decision. Call again while status is 'pending'.",
    inputSchema: {
      type: "object",
      properties: {
        decision_id: { ...FIELD, description: "From request_approval" },
        wait_seconds: { type: "number", minimum: 0, description: "Wait at most this long" },
      },
      required: ["decision_id"],
    },
  },
  {
    name: "get_decision",
    description: "Read a decision without waiting.",
    inputSchema: {
      type: "object",
      properties: { decision_id: { ...FIELD, description: "From request_approval" } },
      required: ["decision_id"],
    },
  },
] as const;

/** The result a tool returns for a decision or a pending request. */
export function resultOf(r: Decided | Pending): Record<string, unknown> {
  if (r.status === "pending") {
    return {
      status: "pending",
      approved: false,
      decision_id: r.decision_id,
      next: "call wait_for_decision with this decision_id; do not proceed yet",
    };
  }
  return {
    status: r.outcome,
    approved: isApproved(r.outcome),
    decision_id: r.decision_id,
    reason_code: r.reason_code,
    denial_reason: r.denial_reason,
    decided_by: r.decided_by,
  };
}

/** The reason sent: the agent's reason plus its tool arguments, inert and within 1,000 chars. */
export function reasonWithContext(reason: string, context: unknown): string {
  const shown = context === undefined ? "" : ` | tool arguments: ${JSON.stringify(context)}`;
  return inertText(`${reason}${shown}`, 1000);
}

function str(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error(`Cannot call tool: "${name}" must be a non-empty string`);
  }
  return value;
}

/** Creates the MCP server (connect it to a transport). */
export function createMcpServer(config: McpConfig): Server {
  const server = new Server(
    { name: "countersign", version: "1.0.0" },
    { capabilities: { tools: {} } },
  );
  const waitMs = (args: Record<string, unknown>) => {
    const asked = typeof args.wait_seconds === "number" && args.wait_seconds >= 0
      ? args.wait_seconds
      : config.maxWaitSeconds;
    return Math.min(asked, config.maxWaitSeconds) * 1000;
  };
  const wait = (requestId: string, ms: number, signal?: AbortSignal) =>
    waitForDecision({
      relayUrl: config.relayUrl,
      identity: config.identity,
      requestId,
      appPublicKey: config.appPublicKey,
      timeoutMs: ms,
      // One long-poll per second of waiting at most: the call ends on time.
      pollSeconds: Math.max(0, Math.floor(ms / 1000)),
      signal,
    });
  const ownRequest = (decisionId: string) => {
    const prefix = `${config.identity.serviceId}|`;
    if (!decisionId.startsWith(prefix)) {
      throw new Error(
        `Cannot read decision "${decisionId.slice(0, 200)}": it is not one of service ` +
          `"${config.identity.serviceId}"`,
      );
    }
    return decisionId.slice(prefix.length);
  };

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...TOOLS] }));
  server.setRequestHandler(CallToolRequestSchema, async (
    request: CallToolRequest,
    extra: { signal: AbortSignal },
  ) => {
    const args = (request.params.arguments ?? {}) as Record<string, unknown>;
    try {
      let result: Decided | Pending;
      switch (request.params.name) {
        case "request_approval": {
          const signed = await sign(config.identity, {
            action: str(args, "action"),
            resource: str(args, "resource"),
            environment: str(args, "environment"),
            reason: reasonWithContext(str(args, "reason"), args.context),
            source_system: "countersign-mcp",
          });
          await send(config.webhookUrl, signed);
          result = await wait(signed.request_id, waitMs(args), extra.signal);
          break;
        }
        case "wait_for_decision":
          result = await wait(ownRequest(str(args, "decision_id")), waitMs(args), extra.signal);
          break;
        case "get_decision":
          result = await wait(ownRequest(str(args, "decision_id")), 0);
          break;
        default:
          throw new Error(`Cannot call tool "${request.params.name}": unknown tool`);
      }
      const out = resultOf(result);
      return { content: [{ type: "text", text: JSON.stringify(out) }], structuredContent: out };
    } catch (error) {
      return {
        isError: true,
        content: [{ type: "text", text: `error: ${(error as Error).message}` }],
      };
    }
  });
  return server;
}
