/**
 * Who may act on a request: a listed approver or approver-group member (or, after an escalation,
 * a member of the secondary group); for approvals, never the human who triggered the request.
 *
 * @module
 */
import { isApprover, isRequester } from "../../lib/decision/mod.ts";
import { isUserId } from "../../lib/render/mod.ts";
import type { Interaction } from "./_decide.ts";
import { groupMembers, q, type RefusalReason, userIdentity } from "./_slack.ts";
import { signOffMembers } from "./_routing.ts";

/** Result of an authorization check: allowed, or refused with the reason and the user's text. */
export type Authorization =
  | {
    ok: true;
    eligible: (userId: string) => boolean;
    /** With a rule's sign-off: each group's members, for the per-group tally. */
    members?: Map<string, Set<string>>;
  }
  | { ok: false; reason: RefusalReason; text: string };

/**
 * Checks that the user may act: a listed approver or approver-group member; for approvals, also
 * not the human who triggered the request.
 */
export async function authorize(it: Interaction, forApproval: boolean): Promise<Authorization> {
  // A listed approver deciding alone (one approval needed) needs no group lookup: being listed
  // makes them eligible whatever the groups say, so the read could not change the answer. With
  // N > 1 the groups are read to count others' votes.
  const alone = it.req.approver_users.includes(it.userId) && it.req.approvals_required <= 1;
  const none = { ok: true as const, users: [] as string[] };
  // With a rule's sign-off the rule's groups are the approver group (read as one list here; the
  // tally counts each group apart).
  const routed = it.req.sign_off ? await signOffMembers(it.client, it.req.sign_off) : undefined;
  const group = routed
    ? routed.ok
      ? { ok: true as const, users: [...routed.members.values()].flatMap((m) => [...m]) }
      : routed
    : alone
    ? none
    : await groupMembers(it.client, it.req.approver_usergroup);
  if (!group.ok) {
    console.warn(
      `request_approval: usergroups.users.list failed for ${q(it.decisionId)}: ${group.error}`,
    );
  }
  // After an escalation the secondary group's members are approvers too; if that lookup fails
  // they are simply not (yet) recognised, which fails closed.
  const escalation = alone ? none : await groupMembers(it.client, it.req.escalation_usergroup);
  const approvers = {
    users: [...it.req.approver_users, ...(escalation.ok ? escalation.users : [])],
    groupMembers: group.ok ? group.users : [],
  };
  if (!isApprover(it.userId, approvers)) {
    return group.ok
      ? {
        ok: false,
        reason: "not_approver",
        text: "You are not an approver for this request, so you cannot act on it.",
      }
      : {
        ok: false,
        reason: "group_lookup_failed",
        text: "Cannot check your approver group membership right now; please try again.",
      };
  }
  const triggeredBy = it.inputs.triggered_by ?? "";
  const self = {
    ok: false as const,
    reason: "requester" as const,
    text: "You triggered this request, so you cannot approve it.",
  };
  if (forApproval && triggeredBy) {
    if (isUserId(triggeredBy)) {
      if (triggeredBy === it.userId) return self;
    } else {
      const identity = await userIdentity(it.client, it.userId);
      // Fail closed: without the user's identity we cannot rule out self-approval.
      if (!identity) {
        return {
          ok: false,
          reason: "identity_unavailable",
          text: "Cannot check who you are right now; please try again.",
        };
      }
      if (isRequester(triggeredBy, identity)) return self;
    }
  }
  const requester = isUserId(triggeredBy) ? triggeredBy : "";
  return {
    ok: true,
    eligible: (u) => isApprover(u, approvers) && u !== requester,
    ...(routed?.ok ? { members: routed.members } : {}),
  };
}
