/**
 * Approver authorization and vote counting for human approvals.
 *
 * @module
 */
import { identityKey, sameIdentity } from "../contract/identity.ts";

/** One stored vote (an `approval_votes` item). */
export interface Vote {
  id?: string;
  decision_id?: string;
  user_id: string;
  vote: "approve" | "deny";
  comment?: string;
  voted_at?: number;
  /** Digest of the approval message the voter acted on (`lib/decision/seen.ts`). */
  seen_digest?: string;
}

/**
 * Id of a vote item: one item per (decision, user), so concurrent voters never overwrite each
 * other and a user's repeated clicks land on the same item.
 */
export function voteId(decisionId: string, userId: string): string {
  return `${decisionId}|${userId}`;
}

/**
 * The votes to count: those a query returned, with `own` (the vote this handler just wrote) in
 * place of any older copy of it. `apps.datastore.query` is a scan that may miss a write made a
 * moment ago, so a tally must never depend on the query seeing the caller's own vote.
 */
export function withOwnVote(listed: readonly Vote[], own: Vote): Vote[] {
  return [...listed.filter((v) => v.user_id !== own.user_id), own];
}

/** Who may act on a request. */
export interface ApproverSet {
  /** Users listed on the service. */
  users: readonly string[];
  /** Members of the service's approver user group. */
  groupMembers: readonly string[];
}

/** Whether `userId` is a listed approver or a member of the approver group. */
export function isApprover(userId: string, approvers: ApproverSet): boolean {
  return approvers.users.includes(userId) || approvers.groupMembers.includes(userId);
}

/** What we know about the clicking user from `users.info` (all optional). */
export interface UserIdentity {
  id: string;
  name?: string;
  real_name?: string;
  display_name?: string;
  email?: string;
}

/**
 * Whether `user` is the human who triggered the request: `triggered_by` is their user id, or
 * matches their user name, display name, real name, email or email local part, compared in
 * normalized form and by confusable skeleton (`lib/contract/identity.ts`), so `ada` + U+200B or
 * a Cyrillic `а` is still Ada. Matching is deliberately generous: a false match only stops
 * someone from approving their own request.
 */
export function isRequester(triggeredBy: string | undefined, user: UserIdentity): boolean {
  if (identityKey(triggeredBy) === "") return false;
  const email = identityKey(user.email);
  const candidates = [
    user.id,
    user.name,
    user.real_name,
    user.display_name,
    user.email,
    email.includes("@") ? email.slice(0, email.indexOf("@")) : "",
  ];
  return candidates.some((candidate) => sameIdentity(triggeredBy, candidate));
}

/** Result of counting votes. */
export interface Tally {
  /** Distinct eligible approvers, in voting order. */
  approvers: string[];
  /** The first eligible denial, if any. */
  denier?: Vote;
  /** Whether enough distinct approvals exist. */
  reached: boolean;
}

/**
 * Counts distinct approvals by eligible users (votes from users no longer eligible are ignored).
 *
 * @param votes every vote item of one decision, in any order
 * @param eligible whether a user may (still) approve
 * @param required approvals needed (values below 1 count as 1)
 */
export function tallyVotes(
  votes: readonly Vote[],
  eligible: (userId: string) => boolean,
  required: number,
): Tally {
  const sorted = [...votes].sort((a, b) => (a.voted_at ?? 0) - (b.voted_at ?? 0));
  const approvers: string[] = [];
  let denier: Vote | undefined;
  for (const vote of sorted) {
    if (!eligible(vote.user_id)) continue;
    if (vote.vote === "approve" && !approvers.includes(vote.user_id)) approvers.push(vote.user_id);
    if (vote.vote === "deny" && !denier) denier = vote;
  }
  return { approvers, denier, reached: approvers.length >= Math.max(1, required || 1) };
}
