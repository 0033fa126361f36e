/**
 * Who can be asked, before the message goes out: the bot's listed approvers and group, or the
 * deciding rule's sign-off across groups (`lib/policy/routing.ts`). A request nobody could
 * approve is refused at once (fail closed), with the reason recorded.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { isUserId } from "../../lib/render/mod.ts";
import { describeSignOff, type SignOff, tallySignOff } from "../../lib/policy/routing.ts";
import type { ApprovalRequest } from "./types.ts";
import { type ApprovalInputs, signOffInput } from "./request.ts";
import { groupMembers } from "./_slack.ts";

/** Members of each of the sign-off's groups, read once per group. */
export async function signOffMembers(
  client: SlackAPIClient,
  signOff: SignOff,
): Promise<{ ok: true; members: Map<string, Set<string>> } | { ok: false; error: string }> {
  const members = new Map<string, Set<string>>();
  for (const group of signOff.groups) {
    const read = await groupMembers(client, group.usergroup);
    if (!read.ok) return { ok: false, error: `${group.usergroup}: ${read.error}` };
    members.set(group.usergroup, new Set(read.users));
  }
  return { ok: true, members };
}

/**
 * Whether the request can be approved by anyone: `undefined` when it can, else the reason
 * ("Cannot request approval: …").
 */
export async function approversProblem(
  client: SlackAPIClient,
  req: ApprovalRequest,
  inputs: ApprovalInputs,
): Promise<string | undefined> {
  const fail = (why: string) => `Cannot request approval: ${why}`;
  const routed = signOffInput(inputs);
  if (!routed.ok) return fail(routed.error);
  if (req.sign_off) return await signOffProblem(client, req, req.sign_off, inputs.triggered_by);
  // With enough listed approvers, counting the group's members now would only spend a Tier 2
  // call (20 a minute, the human path's bottleneck); membership is checked at click time.
  const listedEnough = req.approver_users.length >= Math.max(1, req.approvals_required);
  const group = listedEnough
    ? { ok: true as const, users: [] as string[] }
    : await groupMembers(client, req.approver_usergroup);
  if (!group.ok && req.approver_users.length === 0) {
    return fail(`approver group lookup failed (${group.error})`);
  }
  const approvers = new Set([...req.approver_users, ...(group.ok ? group.users : [])]);
  if (approvers.size === 0) {
    return fail(`service "${inputs.service_id ?? ""}" has no approvers configured`);
  }
  if (approvers.size < req.approvals_required) {
    return fail(
      `${req.approvals_required} approvals are required but only ${approvers.size} approvers exist`,
    );
  }
  return undefined;
}

/** Whether the groups' members, the requester left out, could complete the sign-off at all. */
async function signOffProblem(
  client: SlackAPIClient,
  req: ApprovalRequest,
  signOff: SignOff,
  triggeredBy: string | undefined,
): Promise<string | undefined> {
  const fail = (why: string) => `Cannot request approval: ${why}`;
  const read = await signOffMembers(client, signOff);
  if (!read.ok) return fail(`approver group lookup failed (${read.error})`);
  const requester = triggeredBy && isUserId(triggeredBy) ? triggeredBy : "";
  const everyone = [...new Set([...read.members.values()].flatMap((m) => [...m]))]
    .filter((u) => u !== requester);
  const possible = tallySignOff(everyone, read.members, signOff, req.approvals_required);
  if (!possible.reached) {
    const sizes = signOff.groups.map((g) =>
      `${g.usergroup} has ${read.members.get(g.usergroup)?.size ?? 0}`
    );
    return fail(
      `the sign-off (${describeSignOff(signOff)}, ${req.approvals_required} in all) cannot be ` +
        `met by the groups' members (${sizes.join(", ")}; a person counts for one group)`,
    );
  }
  return undefined;
}
