import { assertEquals } from "@std/assert";
import { planReview, REESCALATE_MS } from "./review_plan.ts";
import type { DecisionRecord } from "../../lib/decision/record.ts";

const H = 3_600_000;
const base: DecisionRecord = {
  id: "bot|r1",
  status: "final",
  outcome: "auto_approved",
  reason_code: "break_glass",
  decided_at: 0,
  review_due_at: 4 * H,
  review_notice_channel: "C1",
  review_notice_ts: "1.000",
};

Deno.test("planReview: remind once at half the window, escalate at the deadline and daily after", () => {
  assertEquals(planReview(base, H), "none");
  assertEquals(planReview(base, 2 * H), "remind");
  assertEquals(planReview({ ...base, review_reminded_at: 2 * H }, 3 * H), "none");
  assertEquals(planReview({ ...base, review_reminded_at: 2 * H }, 4 * H), "escalate");
  const escalated = { ...base, review_escalated_at: 4 * H };
  assertEquals(planReview(escalated, 4 * H + REESCALATE_MS - 1), "none");
  assertEquals(planReview(escalated, 4 * H + REESCALATE_MS), "escalate");
});

Deno.test("planReview: a missing notice is posted again; acknowledged or other decisions are left alone", () => {
  const { review_notice_ts: _ts, ...unannounced } = base;
  assertEquals(planReview(unannounced, H), "announce");
  assertEquals(planReview({ ...base, review_acknowledged_at: H }, 10 * H), "none");
  assertEquals(planReview({ ...base, reason_code: "policy_auto_approve" }, 10 * H), "none");
  assertEquals(planReview({ ...base, status: "pending" }, 10 * H), "none");
  // No usable deadline: never left lying.
  assertEquals(planReview({ ...base, review_due_at: undefined }, 0), "escalate");
});
