/**
 * Property-based fuzzing (fast-check) of the pure layers that render and count: hostile text in
 * approval messages, decided messages and modals stays inert and within Block Kit limits, modal
 * state holds only the modal's own inputs, and only N distinct eligible approvals decide. Each
 * property also asserts that nothing throws.
 */
import fc from "fast-check";
import { assert, assertEquals } from "@std/assert";
import { tallyVotes, type Vote } from "../lib/decision/mod.ts";
import { blockProblems, viewProblems } from "../local/web_api/block_kit.ts";
import {
  type ApprovalRequest,
  outcomeBlocks,
  requestBlocks,
  requestText,
} from "../functions/request_approval/blocks.ts";
import { denyModal } from "../functions/request_approval/modal.ts";
import { decodeMessageRef } from "../functions/request_approval/request.ts";
import { MAX_INPUT_LENGTH, viewStateValues } from "../local/runtime/view_state.ts";
import { mrkdwnTexts, scale, unexpectedTokens } from "./_testing.ts";
import { hostileText } from "./_arbitraries.ts";

const APPROVERS = ["U0APPR0001", "U0APPR0002"];

function hostileApproval(): fc.Arbitrary<ApprovalRequest> {
  return fc.record({
    decision_id: fc.constant("demo-ci|r1"),
    service_id: hostileText(),
    service_name: hostileText(),
    triggered_by: fc.oneof(hostileText(), fc.constantFrom("U0ENG00001", "UEVIL00001")),
    source_system: hostileText(),
    source_url: fc.oneof(
      hostileText(),
      fc.webUrl(),
      fc.constantFrom("https://evil.example|x", "javascript:alert(1)", "https://a/<!channel>"),
    ),
    reason: hostileText(4000),
    action: hostileText(),
    resource: hostileText(),
    environment: hostileText(),
    policy_name: hostileText(),
    approvals_required: fc.integer({ min: 1, max: 3 }),
    approver_users: fc.constant(APPROVERS),
    approver_usergroup: fc.constant("S0APPROVERS"),
    expires_at: fc.integer({ min: 1, max: 4_000_000_000_000 }),
  });
}

function assertInert(blocks: unknown[], text: string, req: ApprovalRequest): void {
  const allowed = {
    users: [
      ...APPROVERS,
      ...(/^[UW][A-Z0-9]{2,20}$/.test(req.triggered_by ?? "") ? [req.triggered_by!] : []),
    ],
    groups: ["S0APPROVERS"],
    sourceUrl: req.source_url,
  };
  for (const t of [...mrkdwnTexts(blocks), text]) {
    assertEquals(unexpectedTokens(t, allowed), [], t);
  }
}

/** Every Block Kit rule Slack applies to a message, as the Slack-strict local platform checks it. */
function assertWithinLimits(blocks: unknown[]): void {
  assertEquals(blockProblems(blocks, "message"), []);
}

Deno.test("fuzz rendering: hostile request text is inert in approval messages", () => {
  fc.assert(
    fc.property(hostileApproval(), fc.subarray(APPROVERS), (req, approvedBy) => {
      const blocks = requestBlocks(req, approvedBy);
      assertInert(blocks, requestText(req), req);
      assertWithinLimits(blocks);
      JSON.stringify(blocks);
    }),
    { numRuns: scale(1500) },
  );
});

Deno.test("fuzz rendering: hostile deny reasons are inert in decided messages and modals", () => {
  fc.assert(
    fc.property(hostileApproval(), hostileText(600), (req, reason) => {
      const decided = outcomeBlocks(req, {
        outcome: "denied",
        decided_by: [APPROVERS[0]],
        decided_at: 1_800_000_000_000,
        denial_reason: reason,
      });
      assertInert(decided, "", req);
      assertWithinLimits(decided);
      const modal = denyModal(req, reason);
      assertEquals(viewProblems(modal), []);
      assertInert(modal.blocks, "", req);
    }),
    { numRuns: scale(800) },
  );
});

Deno.test("fuzz form submissions: state.values hold only the modal's own inputs, bounded", () => {
  const req: ApprovalRequest = {
    decision_id: "demo-ci|r1",
    approvals_required: 1,
    approver_users: APPROVERS,
  };
  const modalBlocks = denyModal(req, "{}").blocks;
  const inputs = (modalBlocks as { type: string; block_id?: string }[])
    .filter((b) => b.type === "input").map((b) => b.block_id);
  fc.assert(
    fc.property(
      fc.oneof(
        fc.anything(),
        fc.dictionary(
          fc.oneof(fc.string(), fc.constantFrom(...inputs as string[])),
          fc.dictionary(
            fc.string(),
            fc.record({ value: fc.oneof(hostileText(5000), fc.anything()) }),
          ),
        ),
      ),
      (sent) => {
        const values = viewStateValues(modalBlocks, sent);
        assertEquals(Object.keys(values).sort(), [...inputs as string[]].sort());
        for (const byAction of Object.values(values)) {
          for (const state of Object.values(byAction)) {
            const value = (state as { value?: unknown }).value;
            assert(
              value === null || (typeof value === "string" && value.length <= MAX_INPUT_LENGTH),
            );
          }
        }
      },
    ),
    { numRuns: scale(1000) },
  );
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.json()), (metadata) => {
      const ref = decodeMessageRef(metadata);
      assert(ref === undefined || (typeof ref.channel === "string" && typeof ref.ts === "string"));
    }),
    { numRuns: scale(500) },
  );
});

Deno.test("fuzz votes: N distinct eligible approvals reach the threshold, nothing else does", () => {
  const vote = fc.record({
    user_id: fc.constantFrom("U1", "U2", "U3", "UOUT", "UOUT2"),
    vote: fc.constantFrom("approve", "deny"),
    voted_at: fc.integer({ min: 0, max: 10 }),
  });
  const eligible = (u: string) => u.startsWith("U") && !u.startsWith("UOUT");
  fc.assert(
    fc.property(fc.array(vote, { maxLength: 12 }), fc.integer({ min: 0, max: 4 }), (votes, n) => {
      const tally = tallyVotes(
        votes.map((v, i) => ({ ...v, id: String(i), decision_id: "d" }) as Vote),
        eligible,
        n,
      );
      const distinct = new Set(
        votes.filter((v) => v.vote === "approve" && eligible(v.user_id))
          .map((v) => v.user_id),
      );
      assertEquals(new Set(tally.approvers), distinct);
      assertEquals(tally.approvers.length, distinct.size, "each approver counts once");
      assertEquals(tally.reached, distinct.size >= Math.max(1, n));
    }),
    { numRuns: scale(1000) },
  );
});
