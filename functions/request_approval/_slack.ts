/**
 * Web API calls of the approval step, each checking `.ok` and reporting failures specifically.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { ApprovalClaims } from "../../datastores/approval_claims.ts";
import { ApprovalVotes } from "../../datastores/approval_votes.ts";
import { ClickEvents } from "../../datastores/click_events.ts";
import { Decisions } from "../../datastores/decisions.ts";
import type { DecisionRecord, UserIdentity, Vote } from "../../lib/decision/mod.ts";
import { stripControl, truncate } from "../../lib/render/mod.ts";
import { withRecordSeal } from "../_shared/seal.ts";
import type { Registers } from "./_claim.ts";
import { eachPage } from "../_shared/pages.ts";

/** Quotes a value for a log line (JSON keeps hostile text on one line). */
export function q(value: unknown): string {
  return JSON.stringify(String(value ?? "")).slice(0, 300);
}

/** Members of the approver user group; an empty group id means none. */
export async function groupMembers(
  client: SlackAPIClient,
  usergroup: string | undefined,
): Promise<{ ok: true; users: string[] } | { ok: false; error: string }> {
  if (!usergroup) return { ok: true, users: [] };
  let res;
  try {
    res = await client.usergroups.users.list({ usergroup });
  } catch (error) {
    // Rate limited beyond the handler's time budget (Tier 2: 20 calls a minute) or an HTTP
    // failure: report it like a Slack error so the callers' fail-closed paths decide.
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (!res.ok) return { ok: false, error: String(res.error) };
  return { ok: true, users: Array.isArray(res.users) ? res.users.map(String) : [] };
}

/** Name, real name and email of a user (for the self-approval check); undefined on failure. */
export async function userIdentity(
  client: SlackAPIClient,
  userId: string,
): Promise<UserIdentity | undefined> {
  const res = await client.users.info({ user: userId });
  if (!res.ok || !res.user) return undefined;
  const u = res.user;
  return {
    id: userId,
    name: u.name,
    real_name: u.real_name ?? u.profile?.real_name,
    display_name: u.profile?.display_name,
    email: u.profile?.email ?? u.email,
  };
}

/** The decision record, or undefined when missing. */
export async function loadDecision(
  client: SlackAPIClient,
  id: string,
): Promise<{ ok: true; record?: DecisionRecord } | { ok: false; error: string }> {
  const res = await client.apps.datastore.get<typeof Decisions.definition>({
    datastore: Decisions.name,
    id,
  });
  if (!res.ok) return { ok: false, error: String(res.error) };
  return { ok: true, record: res.item?.id ? res.item as DecisionRecord : undefined };
}

/** Stores one user's vote as its own item (`<decision_id>|<user_id>`). */
export async function putVote(
  client: SlackAPIClient,
  vote: Vote & { id: string },
): Promise<{ ok: true } | { ok: false; error: string }> {
  const res = await client.apps.datastore.put<typeof ApprovalVotes.definition>({
    datastore: ApprovalVotes.name,
    item: {
      id: vote.id,
      decision_id: vote.decision_id ?? "",
      user_id: vote.user_id,
      vote: vote.vote,
      comment: vote.comment ?? "",
      voted_at: vote.voted_at ?? Date.now(),
      seen_digest: vote.seen_digest ?? "",
    },
  });
  return res.ok ? { ok: true as const } : { ok: false as const, error: String(res.error) };
}

/** Every vote of one decision, following cursors (`eachPage`: empty pages, loop guards). */
export async function listVotes(
  client: SlackAPIClient,
  decisionId: string,
): Promise<{ ok: true; votes: Vote[] } | { ok: false; error: string }> {
  const votes: Vote[] = [];
  let failed: string | undefined;
  const pages = eachPage<Vote>(async (cursor) => {
    const res = await client.apps.datastore.query<typeof ApprovalVotes.definition>({
      datastore: ApprovalVotes.name,
      expression: "#decision = :decision",
      expression_attributes: { "#decision": "decision_id" },
      expression_values: { ":decision": decisionId },
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    if (!res.ok) {
      failed = String(res.error);
      return { items: [] };
    }
    return { items: (res.items ?? []) as Vote[], cursor: res.response_metadata?.next_cursor };
  });
  for await (const items of pages) votes.push(...items);
  return failed === undefined ? { ok: true, votes } : { ok: false, error: failed };
}

/** Tells one user something only they see; a failure is logged, not thrown. */
export async function tell(client: SlackAPIClient, channel: string, user: string, text: string) {
  if (!channel) return;
  const res = await client.chat.postEphemeral({ channel, user, text });
  if (!res.ok) console.warn(`request_approval: chat.postEphemeral failed: ${res.error}`);
}

/** Records the human outcome on the pending decision before the record step finalises it. */
export async function noteOutcome(
  client: SlackAPIClient,
  id: string,
  fields: Pick<
    DecisionRecord,
    "outcome" | "decided_by" | "decided_at" | "denial_reason" | "approver_comment" | "seen_digests"
  >,
) {
  const res = await client.apps.datastore.update<typeof Decisions.definition>({
    datastore: Decisions.name,
    // `noted_at` marks the click-time state for audit verify (lib/audit/record_state.ts): an
    // export taken before the record step writes the final record reads as "deciding".
    item: { id, ...fields, noted_at: fields.decided_at ?? Date.now() },
  });
  if (!res.ok) console.error(`request_approval: cannot note outcome of ${q(id)}: ${res.error}`);
}

/** The election's registers as `approval_claims` items; a failed call throws "Cannot …". */
export function claimRegisters(client: SlackAPIClient, decisionId: string): Registers {
  return {
    async get(key) {
      const res = await client.apps.datastore.get<typeof ApprovalClaims.definition>({
        datastore: ApprovalClaims.name,
        id: key,
      });
      if (!res.ok) throw new Error(`Cannot read claim ${q(key)}: ${res.error}`);
      return res.item?.id ? String(res.item.value ?? "") : undefined;
    },
    async put(key, value) {
      const res = await client.apps.datastore.put<typeof ApprovalClaims.definition>({
        datastore: ApprovalClaims.name,
        item: { id: key, decision_id: decisionId, value, at: Date.now() },
      });
      if (!res.ok) throw new Error(`Cannot write claim ${q(key)}: ${res.error}`);
    },
  };
}

/** Why a click was refused (the `reason` of a `click_events` item). */
export type RefusalReason =
  | "not_approver"
  | "requester"
  | "group_lookup_failed"
  | "identity_unavailable"
  | "already_decided"
  | "duplicate_copy"
  | "not_ready"
  | "record_unreadable"
  | "revoked"
  | "message_unseen";

/** One refused click, as stored. */
export interface Refusal {
  actor: string;
  action: "approve" | "approve_submit" | "deny" | "deny_submit";
  decision_id: string;
  execution_id: string;
  reason: RefusalReason;
  /** The text the user was shown. */
  detail: string;
}

/**
 * Records a refused click in `click_events` (who, what, why). Clicks are unauthenticated input,
 * so every string is cleaned and bounded; a failed write is logged, never thrown: the user has
 * already been answered.
 */
export async function recordRefusal(
  client: SlackAPIClient,
  env: Record<string, string> | undefined,
  refusal: Refusal,
  now = Date.now(),
) {
  const clean = (value: string, max: number) => truncate(stripControl(value, false), max);
  const suffix = crypto.randomUUID().slice(0, 8);
  const item = {
    id: `${String(now).padStart(13, "0")}-${suffix}`,
    at: now,
    actor: clean(refusal.actor, 100),
    action: refusal.action,
    decision_id: clean(refusal.decision_id, 500),
    execution_id: clean(refusal.execution_id, 200),
    result: "refused",
    reason: refusal.reason,
    detail: clean(refusal.detail, 500),
  };
  // Sealed like admin events, so an audit can prove the record unchanged (lib/audit).
  const sealed = await withRecordSeal(env, ClickEvents.name, item, "request_approval");
  const res = await client.apps.datastore.put<typeof ClickEvents.definition>({
    datastore: ClickEvents.name,
    item: sealed,
  });
  if (!res.ok) {
    console.error(`request_approval: cannot record refused click: ${res.error}`);
  }
}
