/**
 * Scoped approvals in the approval step: the scope part of the Approve-with-comment form, reading
 * what the approver chose, and recording the temporary rule once their approval decided the
 * request (`lib/policy/scope.ts`).
 *
 * @module
 */
import type { InputBlock, KnownBlock } from "@slack/types";
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { ScopedApprovals } from "../../datastores/scoped_approvals.ts";
import {
  DEFAULT_SCOPE_MINUTES,
  MAX_SCOPE_MINUTES,
  MAX_SCOPE_REQUESTS,
  type ParsedScope,
  parseScopeInput,
  scopedRule,
  type ScopeGrant,
} from "../../lib/policy/scope.ts";
import { plainText } from "../../lib/render/mod.ts";
import {
  SCOPE_BLOCK_ID,
  SCOPE_COUNT_BLOCK_ID,
  SCOPE_COUNT_INPUT_ID,
  SCOPE_INPUT_ID,
  SCOPE_MINUTES_BLOCK_ID,
  SCOPE_MINUTES_INPUT_ID,
  SCOPE_RESOURCE_BLOCK_ID,
  SCOPE_RESOURCE_INPUT_ID,
} from "./constants.ts";
import type { ApprovalRequest } from "./types.ts";
import { q } from "./_slack.ts";

/**
 * Whether an approver may widen their approval to requests like this one: only when their one
 * approval decides (no N-of-M, no sign-off across groups), so one person never stands in for
 * several.
 */
export function scopable(req: ApprovalRequest): boolean {
  return req.approvals_required <= 1 && !req.sign_off;
}

const option = (value: string, text: string) => ({
  text: { type: "plain_text" as const, text, emoji: false },
  value,
});
const THIS = option("this", "Only this request");
const LIKE = option("like", "Also requests like this one (same bot, action, environment)");

function textInput(blockId: string, actionId: string, label: string, hint: string, max: number) {
  const block: InputBlock = {
    type: "input",
    block_id: blockId,
    optional: true,
    label: { type: "plain_text", text: label },
    hint: { type: "plain_text", text: hint },
    element: { type: "plain_text_input", action_id: actionId, max_length: max },
  };
  return block;
}

/** The scope inputs of the approve form (none when the request is not scopable). */
export function scopeBlocks(req: ApprovalRequest): KnownBlock[] {
  if (!scopable(req)) return [];
  return [
    {
      type: "input",
      block_id: SCOPE_BLOCK_ID,
      // Optional: a client that sends no choice approves only this request.
      optional: true,
      label: { type: "plain_text", text: "Approve" },
      element: {
        type: "static_select",
        action_id: SCOPE_INPUT_ID,
        options: [THIS, LIKE],
        initial_option: THIS,
      },
    },
    textInput(
      SCOPE_MINUTES_BLOCK_ID,
      SCOPE_MINUTES_INPUT_ID,
      "For the next … minutes",
      `Requests like this one only: 1 to ${MAX_SCOPE_MINUTES} (default ${DEFAULT_SCOPE_MINUTES})`,
      4,
    ),
    textInput(
      SCOPE_COUNT_BLOCK_ID,
      SCOPE_COUNT_INPUT_ID,
      "For at most … requests",
      `Requests like this one only: 1 to ${MAX_SCOPE_REQUESTS} (default: no count limit)`,
      3,
    ),
    textInput(
      SCOPE_RESOURCE_BLOCK_ID,
      SCOPE_RESOURCE_INPUT_ID,
      "Resources (pattern)",
      plainText(
        `Requests like this one only: * matches any run, ? one character (default: ${
          req.resource ?? "this resource"
        })`,
        150,
      ),
      256,
    ),
  ];
}

/** A submitted view's values, as far as the scope inputs are concerned. */
export type FormValues = Record<
  string,
  Record<string, { value?: unknown; selected_option?: { value?: unknown } | null }>
>;

/** The block each scope problem is shown under. */
const FIELD_BLOCK = {
  minutes: SCOPE_MINUTES_BLOCK_ID,
  count: SCOPE_COUNT_BLOCK_ID,
  resource_pattern: SCOPE_RESOURCE_BLOCK_ID,
} as const;

/** Reads the scope choice; a problem comes with the block to show it under. */
export function readScope(
  values: FormValues | undefined,
  req: ApprovalRequest,
): { ok: true; grant?: ScopeGrant } | { ok: false; blockId: string; error: string } {
  if (!scopable(req) || !values?.[SCOPE_BLOCK_ID]) return { ok: true };
  const text = (block: string, input: string) => {
    const v = values[block]?.[input]?.value;
    return typeof v === "string" ? v : "";
  };
  const choice = values[SCOPE_BLOCK_ID]?.[SCOPE_INPUT_ID]?.selected_option?.value;
  const parsed: ParsedScope = parseScopeInput({
    choice: typeof choice === "string" ? choice : "this",
    minutes: text(SCOPE_MINUTES_BLOCK_ID, SCOPE_MINUTES_INPUT_ID),
    count: text(SCOPE_COUNT_BLOCK_ID, SCOPE_COUNT_INPUT_ID),
    resource_pattern: text(SCOPE_RESOURCE_BLOCK_ID, SCOPE_RESOURCE_INPUT_ID),
  }, {
    service_id: req.service_id ?? "",
    action: req.action ?? "",
    resource: req.resource ?? "",
    environment: req.environment ?? "",
  });
  if (!parsed.ok) return { ok: false, blockId: FIELD_BLOCK[parsed.field], error: parsed.error };
  return parsed;
}

/**
 * Records the temporary rule a decided approval granted. Returns the text for the approver: a
 * failure leaves the approval standing without its scope (later requests then go to humans).
 */
export async function recordScope(
  client: SlackAPIClient,
  grant: ScopeGrant,
  ctx: { req: ApprovalRequest; decisionId: string; userId: string; now: number; policyId: string },
): Promise<string> {
  const rule = scopedRule(grant, {
    decision_id: ctx.decisionId,
    granted_by: ctx.userId,
    now: ctx.now,
    policy_id: ctx.policyId,
    service_id: ctx.req.service_id ?? "",
    action: ctx.req.action ?? "",
    resource: ctx.req.resource ?? "",
    environment: ctx.req.environment ?? "",
  });
  const put = await client.apps.datastore.put<typeof ScopedApprovals.definition>({
    datastore: ScopedApprovals.name,
    item: { ...rule },
  });
  if (!put.ok) {
    console.error(
      `request_approval: cannot record the scope of ${q(ctx.decisionId)}: ${put.error}`,
    );
    return `Your approval is recorded, but its scope is not (${put.error}): requests like this ` +
      "one will be asked again.";
  }
  return `Requests like this one are approved until ${new Date(rule.expires_at).toISOString()}` +
    (rule.max_requests ? `, at most ${rule.max_requests}` : "") + ".";
}
