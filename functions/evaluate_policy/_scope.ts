/**
 * The policy step's side of scoped approvals: reading the bot's live scopes and claiming one use
 * of the first that fits. At most `max_requests` requests pass a scope whatever the timing: each
 * use is a splitter (`../request_approval/_claim.ts`) on its own slot, which lets at most one
 * contender through; a contended slot may let none through, which only sends a request to humans.
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { ScopedApprovals } from "../../datastores/scoped_approvals.ts";
import { liveScopes, type ScopedRule, type ScopeSubject } from "../../lib/policy/scope.ts";
import { type Registers, splitter } from "../request_approval/_claim.ts";
import { claimRegisters, loadDecision } from "../request_approval/_slack.ts";
import { quote } from "../../lib/contract/text.ts";
import { queryAll } from "../_shared/pages.ts";

/**
 * Says in the granting approval's thread that its scope let a request through, so the people who
 * watch that approval see every use. A failure is logged: the use stands, and is recorded.
 */
async function tellGranter(
  client: SlackAPIClient,
  scope: ScopedRule,
  use: number,
  requestId: string,
): Promise<void> {
  const granting = await loadDecision(client, scope.decision_id);
  const record = granting.ok ? granting.record : undefined;
  if (!record?.message_channel || !record.message_ts) return;
  const count = scope.max_requests ? ` (use ${use} of ${scope.max_requests})` : "";
  const res = await client.chat.postMessage({
    channel: record.message_channel,
    thread_ts: record.message_ts,
    text: `This approval's scope approved request ${quote(requestId, 128)}${count}.`,
  });
  if (!res.ok) console.warn(`evaluate_policy: scope use notice failed: ${res.error}`);
}

/**
 * Claims one use of `scope` as `me`: the use's number (1 … max_requests), 0 for a scope bounded
 * by time only, or undefined when every use is taken. Starts at the `used` hint: slots below it
 * are taken (a hint too low only costs reads; one too high is never written, see below).
 */
export async function claimUse(
  reg: Registers,
  scope: Pick<ScopedRule, "id" | "max_requests" | "used">,
  me: string,
): Promise<number | undefined> {
  if (!scope.max_requests) return 0;
  for (let k = Math.max(1, (scope.used ?? 0) + 1); k <= scope.max_requests; k++) {
    const { split } = await splitter(reg, `${scope.id}|use|${k}`, me);
    if (split === "stop") return k;
  }
  return undefined;
}

/** A scope that let a request through, and which use it was. */
export interface ScopeUse {
  scope: ScopedRule;
  use: number;
}

/**
 * The scope (if any) that lets `request` through at `now` without asking humans, its use claimed.
 * Any failure to read or claim means no scope: the request goes to humans (logged).
 */
export async function useScope(
  client: SlackAPIClient,
  request: ScopeSubject,
  policyId: string,
  now: number,
  me: string,
  requestId = "",
): Promise<ScopeUse | undefined> {
  try {
    const items = await queryAll<Partial<ScopedRule>>(client, {
      datastore: ScopedApprovals.name,
      expression: "#service = :service",
      expression_attributes: { "#service": "service_id" },
      expression_values: { ":service": request.service_id },
      limit: 1000,
    }, "Cannot read scoped approvals");
    const live = liveScopes(items, request, policyId, now);
    for (const scope of live) {
      const use = await claimUse(claimRegisters(client, scope.id), scope, me);
      if (use === undefined) continue;
      if (use > 0) {
        // The hint only ever moves to a claimed slot; a lost update leaves it lower (safe).
        const hinted = await client.apps.datastore.update<typeof ScopedApprovals.definition>({
          datastore: ScopedApprovals.name,
          item: { id: scope.id, used: use },
        });
        if (!hinted.ok) console.warn(`evaluate_policy: scope use hint not saved: ${hinted.error}`);
      }
      await tellGranter(client, scope, use, requestId);
      return { scope, use };
    }
  } catch (error) {
    console.warn(
      `evaluate_policy: scoped approvals not applied: ${
        error instanceof Error ? error.message : error
      }`,
    );
  }
  return undefined;
}
