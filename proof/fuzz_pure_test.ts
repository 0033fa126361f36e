/**
 * Property-based fuzzing (fast-check) of the pure layers every hostile byte passes through:
 * request validation, signatures, the time window, the webhook body parser, message rendering,
 * modal state and vote counting. About 11,000 generated cases in CI (`PROOF_LONG=1`: ×10).
 * Each property also asserts that nothing throws: a throw fails the property.
 */
import fc from "fast-check";
import { assert, assertEquals } from "@std/assert";
import {
  type ContractRequest,
  FIELD_SPECS,
  REQUEST_FIELDS,
  SIGNED_FIELDS,
  signedRequest,
  type UnsignedRequest,
  validateRequest,
  verifySignature,
} from "../lib/contract/mod.ts";
import { checkTimestamp } from "../lib/contract/timestamp.ts";
import { MAX_CLOCK_SKEW_MS } from "../lib/config.ts";
import { generateKeyPair } from "../lib/keys/mod.ts";
import { tallyVotes, type Vote } from "../lib/decision/mod.ts";
import { HEADER_TEXT_MAX, MAX_BLOCKS, SECTION_TEXT_MAX } from "../lib/render/mod.ts";
import {
  type ApprovalRequest,
  outcomeBlocks,
  requestBlocks,
  requestText,
} from "../functions/request_approval/blocks.ts";
import { denyModal } from "../functions/request_approval/modal.ts";
import { decodeMessageRef } from "../functions/request_approval/request.ts";
import { parseWebhookBody } from "../local/http/webhook_body.ts";
import { MAX_INPUT_LENGTH, viewStateValues } from "../local/runtime/view_state.ts";
import { LONG, mrkdwnTexts, unexpectedTokens } from "./_support.ts";
import { hostileText } from "./_arbitraries.ts";

const scale = (n: number) => (LONG ? n * 10 : n);
const VALIDATION_CODES = new Set(["missing_field", "field_too_long", "malformed_field"]);

Deno.test("fuzz validateRequest: any flat body → a request or one specific rejection", () => {
  const value = fc.oneof(
    hostileText(),
    fc.string({ maxLength: 5000 }),
    fc.integer().map(String),
    fc.constantFrom(null, undefined, 0, true, [], {}, ["a"], { a: 1 }),
  );
  const body = fc.dictionary(fc.constantFrom(...REQUEST_FIELDS, "extra", "__proto__"), value);
  fc.assert(
    fc.property(body, (raw) => {
      const result = validateRequest(raw as Record<string, unknown>);
      if (result.ok) {
        for (const field of REQUEST_FIELDS) {
          assertEquals(typeof result.request[field], "string");
        }
        return;
      }
      assert(VALIDATION_CODES.has(result.code), result.code);
      assert(result.detail.startsWith("Cannot "), result.detail);
      const signature = (raw as Record<string, unknown>).signature;
      if (typeof signature === "string" && signature.length >= 16) {
        assert(!result.detail.includes(signature), "the signature is never echoed");
      }
    }),
    { numRuns: scale(3000) },
  );
});

Deno.test("fuzz signatures: changing any signed field, or the signature, is a forgery", async () => {
  const keys = await generateKeyPair();
  const base: UnsignedRequest = {
    service_id: "ci-bot",
    key_id: "ci-bot-1",
    request_id: "req-1",
    timestamp: "1700000000",
    action: "deploy",
    resource: "api-server#1",
    environment: "production",
    reason: "Release",
    triggered_by: "U0ENG00001",
    source_system: "ci",
    source_url: "https://ci.example.com/1",
    conditions: "ci_status=passed",
  };
  const signed = await signedRequest(base, keys.privateKeyPem);
  assert(await verifySignature(signed, keys.publicKeyRaw));
  const other = await generateKeyPair();
  const byOtherKey = await signedRequest(base, other.privateKeyPem);
  assert(!await verifySignature(byOtherKey, keys.publicKeyRaw), "another key's signature");
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...SIGNED_FIELDS, "signature" as const),
      hostileText(),
      async (field, text) => {
        const forged: ContractRequest = { ...signed, [field]: text };
        fc.pre(forged[field] !== signed[field]);
        assert(!await verifySignature(forged, keys.publicKeyRaw));
      },
    ),
    { numRuns: scale(1000) },
  );
});

Deno.test("fuzz time window: accepted iff within ±5 min, else stale or future", () => {
  const second = 1_800_000_000_000;
  fc.assert(
    // Arrival at any millisecond of its second: the window is symmetric whatever the fraction.
    fc.property(fc.integer({ min: -100_000, max: 100_000 }), fc.nat(999), (offset, ms) => {
      const result = checkTimestamp(String(second / 1000 + offset), second + ms);
      const inside = Math.abs(offset * 1000) <= MAX_CLOCK_SKEW_MS;
      assertEquals(result.ok, inside, `offset ${offset}`);
      if (!result.ok) {
        assertEquals(result.code, offset < 0 ? "stale_timestamp" : "future_timestamp");
      }
    }),
    { numRuns: scale(2000) },
  );
});

Deno.test("fuzz webhook bodies: parsed as flat data or refused with a status, never thrown", () => {
  const body = fc.oneof(
    fc.string({ maxLength: 2000 }),
    fc.json({ maxDepth: 3 }),
    fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })).map((o) => JSON.stringify(o)),
    fc.uint8Array({ maxLength: 500 }).map((b) => new TextDecoder().decode(b)),
  );
  fc.assert(
    fc.property(body, (text) => {
      const parsed = parseWebhookBody(text);
      if (parsed.ok) {
        for (const v of Object.values(parsed.data)) {
          assert(v === null || typeof v !== "object", "flat values only");
        }
      } else {
        assert(parsed.status >= 400 && parsed.status < 500, String(parsed.status));
        assert(parsed.error.length > 0 && parsed.detail.startsWith("Cannot "), parsed.detail);
      }
    }),
    { numRuns: scale(2000) },
  );
});

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

function assertWithinLimits(blocks: unknown[]): void {
  assert(blocks.length <= MAX_BLOCKS, `${blocks.length} blocks`);
  for (const block of blocks as { type: string; text?: { text: string } }[]) {
    // Slack counts characters; the renderer truncates by code point.
    const length = (text: string) => Array.from(text).length;
    if (block.type === "header") assert(length(block.text!.text) <= HEADER_TEXT_MAX);
    if (block.type === "section" && block.text) {
      assert(length(block.text.text) <= SECTION_TEXT_MAX);
    }
  }
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

Deno.test("named: oversized, control and non-UTF-8 fields are refused with their field named", () => {
  const ok: Record<string, string> = {};
  for (const field of REQUEST_FIELDS) ok[field] = "x";
  ok.timestamp = "1700000000";
  ok.triggered_by = "U0ENG00001";
  ok.source_url = "https://ci.example.com/1";
  ok.conditions = "";
  ok.signature = "A".repeat(88);
  const reasonMax = FIELD_SPECS.reason.maxLength ?? 0;
  const cases: [string, string, string][] = [
    ["reason", "r".repeat(reasonMax + 1), "field_too_long"],
    ["resource", "a\u0000b", "malformed_field"],
    ["reason", "line\u001bbreak", "malformed_field"],
    ["action", "\ud800", "malformed_field"],
    ["environment", "\u202eevil", "malformed_field"],
    ["action", new TextDecoder().decode(new Uint8Array([0xff, 0xfe, 0x41])), "malformed_field"],
  ];
  for (const [field, value, code] of cases) {
    const result = validateRequest({ ...ok, [field]: value });
    assert(!result.ok, `${field}=${JSON.stringify(value)} accepted`);
    assertEquals([result.code, result.field], [code, field]);
  }
});
