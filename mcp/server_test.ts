/**
 * The MCP server as an agent's client runs it: `deno task cli mcp` over stdio, driven by the
 * official SDK's own client, against the local platform and a relay. An approver clicks through the
 * platform's interactivity endpoint, as on the page.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  approvalMessage,
  approve,
  callerEnv,
  type CallerWorld,
  callerWorld,
  deny,
  REPO,
} from "../relay/_testing.ts";
import { reasonWithContext } from "./server.ts";

async function connect(w: CallerWorld, waitSeconds: number): Promise<Client> {
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: ["run", "--import-map=import_map.local.json", "-A", "cli/main.ts", "mcp"],
    cwd: REPO,
    stderr: "ignore",
    env: {
      NO_COLOR: "1",
      ...callerEnv(w),
      COUNTERSIGN_MCP_WAIT_SECONDS: String(waitSeconds),
    },
  });
  const client = new Client({ name: "countersign-test-agent", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

type ToolResult = { structuredContent?: Record<string, unknown>; isError?: boolean };

const ASK = {
  action: "migrate",
  resource: "release-cache",
  environment: "production",
  reason: "Clean the release cache",
  context: { command: "rm -rf /srv/cache/*" },
};

/** The decision id of the newest request the platform holds. */
async function newestRequest(w: CallerWorld): Promise<string> {
  for (;;) {
    const runs = w.platform.storage.listRuns(1);
    const id = runs[0]?.step_outputs["0"]?.decision_id;
    if (typeof id === "string") return id;
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("mcp: request_approval, an approver clicks, the agent gets approved", async (t) => {
  const w = await callerWorld();
  try {
    await t.step("the tools are listed", async () => {
      const client = await connect(w, 120);
      try {
        const { tools } = await client.listTools();
        assertEquals(tools.map((x: { name: string }) => x.name).sort(), [
          "get_decision",
          "request_approval",
          "wait_for_decision",
        ]);
      } finally {
        await client.close();
      }
    });

    await t.step("decided within the bounded wait", async () => {
      const client = await connect(w, 120);
      try {
        const call = client.callTool({ name: "request_approval", arguments: ASK }, undefined, {
          timeout: 150_000,
        });
        const id = await newestRequest(w);
        const message = await approvalMessage(w.platform, id);
        call.catch(() => {}); // a failed assertion below must not leave it unhandled
        // The approver sees the agent's tool arguments (escaped for mrkdwn).
        assertStringIncludes(
          JSON.stringify(message.blocks),
          '{\\"command\\":\\"rm -rf /srv/cache/',
        );
        await approve(w.platform, id);
        const result = await call as ToolResult;
        assertEquals(result.isError, undefined, JSON.stringify(result));
        assertEquals(result.structuredContent?.status, "approved");
        assertEquals(result.structuredContent?.approved, true);
      } finally {
        await client.close();
      }
    });

    await t.step("the client's timeout is shorter than the human's delay", async () => {
      // The server answers within its 1 s bound. The client drops a call after 60 s: generous for
      // a busy machine, and a server that waited for the human instead would never answer in time.
      const client = await connect(w, 1);
      try {
        const first = await client.callTool(
          { name: "request_approval", arguments: ASK },
          undefined,
          { timeout: 60_000 },
        ) as ToolResult;
        assertEquals(first.structuredContent?.status, "pending", JSON.stringify(first));
        assertEquals(first.structuredContent?.approved, false);
        const id = String(first.structuredContent?.decision_id);
        // The human has not decided yet: waiting again is still pending, within the bound.
        const still = await client.callTool(
          { name: "wait_for_decision", arguments: { decision_id: id } },
          undefined,
          { timeout: 60_000 },
        ) as ToolResult;
        assertEquals(still.structuredContent?.status, "pending");
        await approve(w.platform, id);
        const done = await client.callTool(
          { name: "wait_for_decision", arguments: { decision_id: id } },
          undefined,
          { timeout: 60_000 },
        ) as ToolResult;
        assertEquals(done.structuredContent?.status, "approved");
        assertEquals(done.structuredContent?.approved, true);
        const read = await client.callTool({
          name: "get_decision",
          arguments: { decision_id: id },
        });
        assertEquals((read as ToolResult).structuredContent?.status, "approved");
      } finally {
        await client.close();
      }
    });

    await t.step("a denial carries the reason; another service's decision is refused", async () => {
      const client = await connect(w, 1);
      try {
        const first = await client.callTool({ name: "request_approval", arguments: ASK });
        const id = String((first as ToolResult).structuredContent?.decision_id);
        await deny(w.platform, id, "Not during the release");
        const done = await client.callTool({
          name: "wait_for_decision",
          arguments: { decision_id: id },
        }) as ToolResult;
        assertEquals(done.structuredContent?.status, "denied");
        assertEquals(done.structuredContent?.approved, false);
        assertEquals(done.structuredContent?.denial_reason, "Not during the release");
        const other = await client.callTool({
          name: "get_decision",
          arguments: { decision_id: "someone-else|r1" },
        }) as ToolResult & { content: { text: string }[] };
        assert(other.isError);
        assertStringIncludes(other.content[0].text, "is not one of service");
      } finally {
        await client.close();
      }
    });
  } finally {
    await w.close();
  }
});

Deno.test("mcp: the tool arguments reach the approver bounded and inert", () => {
  const reason = reasonWithContext("Why", { cmd: "a\nb\u202e", big: "x".repeat(5000) });
  assert(reason.startsWith('Why | tool arguments: {"cmd":"a\\nb"'));
  assertEquals(Array.from(reason).length, 1000);
  assertEquals(reasonWithContext("Why", undefined), "Why");
});
