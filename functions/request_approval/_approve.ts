/**
 * Approving: one approver decides at once; with N required, each approval is a stored vote and
 * the request is decided when enough eligible approvers have voted.
 *
 * @module
 */
import { tallyVotes, type Vote, voteId, withOwnVote } from "../../lib/decision/mod.ts";
import { type GroupProgress, tallySignOff } from "../../lib/policy/routing.ts";
import { stripControl } from "../../lib/render/mod.ts";
import { requestBlocks, requestText } from "./blocks.ts";
import { decidedFromRecord } from "./request.ts";
import { decide, type Interaction, refuse, showOutcome } from "./_decide.ts";
import { seenDigestsFor } from "../../lib/decision/seen.ts";
import type { ScopeGrant } from "../../lib/policy/scope.ts";
import { listVotes, loadDecision, putVote, q, tell } from "./_slack.ts";

/**
 * A typed reason or comment as one line: control characters (newlines and tabs included) become
 * spaces or go; so do the Unicode line and paragraph separators, which render as line breaks too.
 */
export function oneLine(raw: unknown): string {
  return stripControl(String(raw ?? "").replace(/[\u2028\u2029]/g, "\n"), false).trim();
}

/**
 * The comments of the approving votes, for the record and the callback. One approver: the
 * comment as typed (cleaned). N-of-M: each decider's non-empty comment as "U…: text", in voting
 * order, joined by " | " (cut to the record's bound by the record and callback steps).
 */
export function approverComment(votes: readonly Vote[], deciders: readonly string[]): string {
  const byUser = new Map(votes.map((v) => [v.user_id, oneLine(v.comment)]));
  return deciders
    .map((u) => [u, byUser.get(u) ?? ""] as const)
    .filter(([, c]) => c)
    .map(([u, c]) => `${u}: ${c}`)
    .join(" | ");
}

/**
 * Refuses a decision whose message is unknown (no blocks came with the click): what the user
 * approved or denied could not be recorded, so nothing is. Returns the text shown to the user.
 */
export async function refuseUnseen(it: Interaction, what: string): Promise<string> {
  const text = `Cannot record your ${what}: the approval message you acted on did not come ` +
    "with the click, so what you saw cannot be recorded; use the buttons on the message.";
  await refuse(it, "message_unseen", text);
  return text;
}

/** Who may approve, as `authorize` found it. */
export interface Eligibility {
  eligible: (userId: string) => boolean;
  /** With a rule's sign-off: each group's members. */
  members?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The state of the count after a vote: reached (with the deciders) or each group's progress. */
export function countApprovals(
  req: Interaction["req"],
  votes: readonly Vote[],
  who: Eligibility,
): { reached: boolean; deciders: string[]; approvers: string[]; groups?: GroupProgress[] } {
  const tally = tallyVotes(votes, who.eligible, req.approvals_required);
  if (!req.sign_off) {
    // The first N approvers in voting order decided; later simultaneous clicks are told so.
    const deciders = tally.reached ? tally.approvers.slice(0, req.approvals_required) : [];
    return { reached: tally.reached, deciders, approvers: tally.approvers };
  }
  const signed = tallySignOff(
    tally.approvers,
    who.members ?? new Map(),
    req.sign_off,
    req.approvals_required,
  );
  return { ...signed, approvers: tally.approvers };
}

/** An authorized approval (one-click or with a comment): decides, or records a vote of N. */
export async function approve(
  it: Interaction,
  who: Eligibility,
  now: number,
  comment: string,
  scope?: ScopeGrant,
): Promise<boolean> {
  const client = it.client;
  if (!it.seen) {
    await refuseUnseen(it, "approval");
    return false;
  }
  // A sign-off across groups always counts votes, even when one person could complete it.
  if (it.req.approvals_required <= 1 && !it.req.sign_off) {
    return await decide(it, {
      outcome: "approved",
      decided_by: [it.userId],
      decided_at: now,
      ...(comment ? { approver_comment: comment } : {}),
      seen_digests: [it.seen],
      ...(scope ? { scope } : {}),
    });
  }

  const vote = {
    id: voteId(it.decisionId, it.userId),
    decision_id: it.decisionId,
    user_id: it.userId,
    vote: "approve" as const,
    ...(comment ? { comment } : {}),
    voted_at: now,
    seen_digest: it.seen,
  };
  const stored = await putVote(client, vote);
  if (!stored.ok) {
    console.error(`request_approval: cannot store vote on ${q(it.decisionId)}: ${stored.error}`);
    await tell(
      client,
      it.channel,
      it.userId,
      `Cannot record your approval: ${stored.error}`,
    );
    return false;
  }
  const listed = await listVotes(client, it.decisionId);
  if (!listed.ok) {
    console.error(`request_approval: cannot list votes of ${q(it.decisionId)}: ${listed.error}`);
    await tell(client, it.channel, it.userId, `Cannot count approvals: ${listed.error}`);
    return false;
  }
  // A query is a scan that may not see a write made a moment ago: the vote just written always
  // counts, whatever the query returned.
  const votes = withOwnVote(listed.votes, vote);
  const tally = countApprovals(it.req, votes, who);
  if (tally.reached) {
    const deciders = tally.deciders;
    const joined = approverComment(votes, deciders);
    const seen = seenDigestsFor(deciders, new Map(votes.map((v) => [v.user_id, v.seen_digest])));
    return await decide(it, {
      outcome: "approved",
      decided_by: deciders,
      decided_at: now,
      ...(joined ? { approver_comment: joined } : {}),
      ...(seen ? { seen_digests: seen } : {}),
    });
  }

  const waiting = (tally.groups ?? []).filter((g) => !g.done).map((g) => g.usergroup);
  const progress = `${tally.approvers.length} of ${it.req.approvals_required}` +
    (waiting.length > 0 ? `; waiting for sign-off from ${waiting.join(", ")}` : "");
  await tell(client, it.channel, it.userId, `Your approval is recorded (${progress}).`);
  if (!it.message) return false;
  const updated = await client.chat.update({
    channel: it.message.channel,
    ts: it.message.ts,
    text: requestText(it.req),
    blocks: requestBlocks(it.req, tally.approvers, tally.groups),
  });
  if (!updated.ok) console.warn(`request_approval: progress update failed: ${updated.error}`);
  // A decision may have landed between our count and our update: never leave a decided request
  // showing buttons again.
  const after = await loadDecision(client, it.decisionId);
  const decided = after.ok && after.record ? decidedFromRecord(after.record) : undefined;
  if (decided) await showOutcome(it, decided);
  return false;
}
