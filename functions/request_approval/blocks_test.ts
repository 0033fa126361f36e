import { assert, assertEquals, assertFalse, assertStringIncludes } from "@std/assert";
import type { KnownBlock } from "@slack/types";
import {
  type ApprovalRequest,
  outcomeBlocks,
  outcomeText,
  progressText,
  requestBlocks,
  requestText,
  watcherNotice,
} from "./blocks.ts";
import { decisionModal, denyModal } from "./modal.ts";
import {
  APPROVE_ACTION_ID,
  APPROVE_COMMENT_ACTION_ID,
  DENY_ACTION_ID,
  DENY_REASON_BLOCK_ID,
} from "./constants.ts";
import { blockProblems, viewProblems } from "../../local/web_api/block_kit.ts";

const HOSTILE = "<!channel> <!here> <@U999> <https://evil.example|Open> *bold* _it_ ~s~ `c` &amp;";

const base: ApprovalRequest = {
  decision_id: "deploy-bot|r-1",
  service_id: "deploy-bot",
  service_name: "Deploy Bot",
  service_owner: "U0OWNER",
  triggered_by: "alice",
  source_system: "github-actions",
  source_url: "https://ci.example.com/run/42",
  reason: "hotfix for checkout",
  action: "deploy",
  resource: "api-server#152",
  environment: "production",
  policy_name: "Production deploys",
  approvals_required: 2,
  approver_users: ["U0BOB", "U0CAROL"],
  approver_usergroup: "S0OPS",
  expires_at: Date.UTC(2026, 10, 24, 21, 0, 0),
};

const hostile: ApprovalRequest = {
  ...base,
  decision_id: HOSTILE,
  service_name: HOSTILE,
  triggered_by: HOSTILE,
  source_system: HOSTILE,
  source_url: "<https://evil.example|Open>",
  reason: HOSTILE,
  action: HOSTILE,
  resource: HOSTILE,
  environment: HOSTILE,
  policy_name: HOSTILE,
};

/** Every mrkdwn/plain text string in the blocks, with where it sits. */
function texts(blocks: unknown): { kind: string; text: string }[] {
  const out: { kind: string; text: string }[] = [];
  const walk = (node: unknown, kind: string) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, kind));
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if ((o.type === "mrkdwn" || o.type === "plain_text") && typeof o.text === "string") {
      out.push({ kind: `${kind}:${o.type}`, text: o.text });
    }
    for (const [k, v] of Object.entries(o)) {
      walk(v, o.type === "header" ? "header" : k === "fields" ? "field" : kind);
    }
  };
  walk(blocks, "block");
  return out;
}

/** Slack's Block Kit rules for messages, as the Slack-strict local platform checks them. */
function assertWithinSlackLimits(blocks: KnownBlock[]) {
  assertEquals(blockProblems(blocks, "message"), []);
}

/** Mrkdwn the caller controls must never contain live mention/link syntax. */
function assertInert(blocks: unknown) {
  for (const { kind, text } of texts(blocks)) {
    if (!kind.endsWith("mrkdwn")) continue;
    for (const live of ["<!channel>", "<!here>", "<@U999>", "<https://evil.example"]) {
      assertFalse(text.includes(live), `${live} live in ${kind}: ${text}`);
    }
    assertFalse(/(^|[^\u200b])\*bold\*/.test(text), `caller bold live in ${text}`);
  }
}

Deno.test("pending message shows full attribution, progress and the three buttons", () => {
  const blocks = requestBlocks(base, ["U0BOB"]);
  const all = texts(blocks).map((t) => t.text).join("\n");
  for (
    const expected of [
      "Deploy Bot",
      "(deploy-bot)",
      "owned by <@U0OWNER>",
      "alice",
      "<https://ci.example.com/run/42|github-actions>",
      "hotfix for checkout",
      "api-server#152",
      "production",
      "Production deploys",
      "*Approvals:* 1 of 2: <@U0BOB>",
      "<@U0BOB> <@U0CAROL> <!subteam^S0OPS>",
      "<!date^",
    ]
  ) assertStringIncludes(all, expected);
  assertEquals(blocks[0].type, "header");
  const actions = blocks.find((b) => b.type === "actions");
  assert(actions?.type === "actions");
  const [approve, withComment, deny] = actions.elements;
  assert(approve.type === "button" && withComment.type === "button" && deny.type === "button");
  assertEquals([approve.action_id, approve.style], [APPROVE_ACTION_ID, "primary"]);
  assertEquals(withComment.action_id, APPROVE_COMMENT_ACTION_ID);
  assertEquals([deny.action_id, deny.style], [DENY_ACTION_ID, "danger"]);
  assert(deny.confirm, "Deny needs a confirm dialog");
  assertWithinSlackLimits(blocks);
});

Deno.test("a Slack user id in triggered_by is shown as a mention", () => {
  const all = texts(requestBlocks({ ...base, triggered_by: "U0ALICE" })).map((t) => t.text).join();
  assertStringIncludes(all, "<@U0ALICE>");
});

Deno.test("hostile caller text renders inert everywhere", () => {
  assertInert(requestBlocks(hostile, ["U0BOB"]));
  assertInert(outcomeBlocks(hostile, {
    outcome: "denied",
    decided_by: ["U0BOB"],
    decided_at: 1,
    denial_reason: HOSTILE,
  }));
  assertInert([{ type: "mrkdwn", text: requestText(hostile) }]);
  // The only link is one we built; a caller's angle syntax in source_url is shown as text.
  const all = texts(requestBlocks(hostile)).map((t) => t.text).join();
  assertStringIncludes(all, "&lt;https://evil.example|Open&gt;");
});

Deno.test("oversized inputs stay within every Slack limit", () => {
  const huge = "<".repeat(20_000);
  const big: ApprovalRequest = {
    ...hostile,
    decision_id: huge,
    service_name: huge,
    reason: huge,
    resource: huge,
    action: huge,
    environment: huge,
    policy_name: huge,
    source_system: huge,
    triggered_by: huge,
    source_url: "https://ci.example.com/" + "a".repeat(900),
    approver_users: Array.from({ length: 200 }, (_, i) => `U${String(i).padStart(6, "0")}`),
  };
  assertWithinSlackLimits(requestBlocks(big, big.approver_users));
  assertWithinSlackLimits(
    outcomeBlocks(big, {
      outcome: "denied",
      decided_by: ["U1X"],
      decided_at: 1,
      denial_reason: huge,
    }),
  );
  assertEquals(viewProblems(denyModal(big, huge)), []);
  assert(requestText(big).length < 4000);
  assert(watcherNotice(big, { outcome: "approved", decided_by: [], decided_at: 1 }).length <= 3000);
});

Deno.test("outcome rendering says what happened, by whom, when and why", () => {
  assertStringIncludes(
    outcomeText({ outcome: "approved", decided_by: ["U0BOB", "U0CAROL"], decided_at: 1_000 }),
    "*Approved* by <@U0BOB>, <@U0CAROL> at <!date^1^",
  );
  const denied = outcomeText({
    outcome: "denied",
    decided_by: ["U0BOB"],
    decided_at: 1_000,
    denial_reason: "code freeze <!channel>",
  });
  assertStringIncludes(denied, "*Denied* by <@U0BOB>");
  assertStringIncludes(denied, "*Reason:* code freeze &lt;!channel&gt;");
  assertStringIncludes(
    outcomeText({ outcome: "expired", decided_by: [], decided_at: 1_000 }),
    "*Expired*",
  );
  const decided = outcomeBlocks(base, {
    outcome: "approved",
    decided_by: ["U0BOB"],
    decided_at: 1,
  });
  assertFalse(decided.some((b) => b.type === "actions"), "decided message keeps no buttons");
});

Deno.test("progressText counts against at least one approval", () => {
  assertEquals(progressText(0, []), "*Approvals:* 0 of 1");
  assertEquals(progressText(2, ["U0BOB"]), "*Approvals:* 1 of 2: <@U0BOB>");
});

Deno.test("deny modal asks for a required, bounded reason and shows the request inertly", () => {
  const modal = denyModal(hostile, '{"d":"x"}');
  assertEquals(modal.type, "modal");
  assertEquals(modal.private_metadata, '{"d":"x"}');
  const blocks = modal.blocks as KnownBlock[];
  const input = blocks.find((b) => b.type === "input");
  assert(input?.type === "input");
  assertEquals(input.block_id, DENY_REASON_BLOCK_ID);
  assertFalse(input.optional ?? false);
  assert(input.element.type === "plain_text_input" && input.element.max_length === 1000);
  const intro = blocks[0];
  assert(intro.type === "section" && intro.text?.type === "plain_text");
});

Deno.test("a sign-off shows each group's progress; any N of M says how many groups", () => {
  const req: ApprovalRequest = {
    decision_id: "d",
    approvals_required: 2,
    approver_users: [],
    sign_off: {
      groups: [{ usergroup: "S0SRE", count: 1 }, { usergroup: "S0SEC", count: 1 }],
      need: 2,
    },
  };
  const fresh = JSON.stringify(requestBlocks(req));
  assertStringIncludes(fresh, "*Sign-off:* every group");
  assertStringIncludes(fresh, ":hourglass_flowing_sand: <!subteam^S0SRE>: 0 of 1");
  assertStringIncludes(fresh, "<!subteam^S0SEC>");
  const half = JSON.stringify(
    requestBlocks(req, ["U0ANN000001"], [
      { usergroup: "S0SRE", count: 1, approvedBy: ["U0ANN000001"], done: true },
      { usergroup: "S0SEC", count: 1, approvedBy: [], done: false },
    ]),
  );
  assertStringIncludes(half, ":white_check_mark: <!subteam^S0SRE>: 1 of 1 (<@U0ANN000001>)");
  assertStringIncludes(half, "*Approvals:* 1 of 2");
  const any = JSON.stringify(requestBlocks({ ...req, sign_off: { ...req.sign_off!, need: 1 } }));
  assertStringIncludes(any, "*Sign-off:* any 1 of 2 groups");
});

Deno.test("the approve form offers a scope only when one approval decides", () => {
  const one: ApprovalRequest = { ...BASE_FOR_SCOPE, approvals_required: 1 };
  const ids = (req: ApprovalRequest) =>
    (decisionModal("approve", req, "").blocks as { block_id?: string }[]).map((b) => b.block_id);
  assertEquals(ids(one).includes("countersign_scope"), true);
  assertEquals(ids({ ...one, approvals_required: 2 }).includes("countersign_scope"), false);
  assertEquals(
    ids({ ...one, sign_off: { groups: [{ usergroup: "S0SRE", count: 1 }], need: 1 } })
      .includes("countersign_scope"),
    false,
  );
  assertEquals((decisionModal("deny", one, "").blocks as unknown[]).length, 2);
  const decided = outcomeText({
    outcome: "approved",
    decided_by: ["U0ANN000001"],
    decided_at: 0,
    scope: { minutes: 60, max_requests: 3, resource_pattern: "api-*" },
  });
  assertStringIncludes(decided, "*Also approved:* requests like this one");
});

const BASE_FOR_SCOPE: ApprovalRequest = {
  decision_id: "d",
  service_id: "ci-bot",
  action: "deploy",
  resource: "api-server",
  environment: "production",
  approvals_required: 1,
  approver_users: ["U0ANN000001"],
};
