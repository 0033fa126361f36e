/**
 * A caller withdrawing its own pending request: a request carrying `withdraw: <request_id>`,
 * authenticated like any request (signature or OIDC token, time window, replay) before this runs.
 * The target is looked up under the caller's own service id, so a bot can only ever name its own
 * requests. The shared closer ends it (`withdrawn`: recorded, message updated, watchers and caller
 * told); the withdraw request itself is then recorded as a rejection whose reason code says what
 * it did, and gets no callback of its own (the caller's answer is the target's callback).
 *
 * @module
 */
import type { SlackAPIClient } from "deno-slack-sdk/types.ts";
import { ReasonCode } from "../../lib/contract/reason_codes.ts";
import { quote } from "../../lib/contract/text.ts";
import { withdrawClosure } from "../../lib/decision/close.ts";
import { closePending } from "../request_approval/close.ts";
import { decisionIdFor } from "./checks.ts";

/** What a withdraw did: the withdraw request's own reason code and detail, or a Slack error. */
export type WithdrawResult =
  | { code: ReasonCode; detail: string }
  | { error: string };

/**
 * Withdraws `target` (a request_id of `serviceId`) on behalf of the withdraw request
 * `withdrawRequestId`.
 */
export async function withdrawRequest(
  client: SlackAPIClient,
  env: Record<string, string> | undefined,
  args: {
    serviceId: string;
    withdrawRequestId: string;
    target: string;
    callbackUrl?: string;
    watcherChannel?: string;
    now: number;
  },
): Promise<WithdrawResult> {
  const targetId = decisionIdFor(args.serviceId, args.target);
  const closed = await closePending(
    client,
    env,
    targetId,
    withdrawClosure(args.withdrawRequestId, args.now),
    { callback_url: args.callbackUrl, watcher_channel: args.watcherChannel },
  );
  switch (closed.result) {
    case "closed":
      // An earlier closure (expiry, revocation) noted first is finished as it was noted.
      if (closed.closure.outcome !== "withdrawn") {
        return {
          code: ReasonCode.withdraw_too_late,
          detail: `Cannot withdraw request ${quote(args.target)}: it was already ending as ` +
            `${quote(closed.closure.outcome)} (${closed.closure.reason_code})`,
        };
      }
      return {
        code: ReasonCode.withdraw_applied,
        detail: `Withdrew request ${quote(args.target)} of service ${quote(args.serviceId)}`,
      };
    case "already_decided":
      return {
        code: ReasonCode.withdraw_too_late,
        detail: `Cannot withdraw request ${quote(args.target)}: it is already decided; ` +
          "nothing changed",
      };
    case "not_found":
      return {
        code: ReasonCode.withdraw_unknown_request,
        detail: `Cannot withdraw request ${quote(args.target)}: service ` +
          `${quote(args.serviceId)} has no such request`,
      };
    default:
      return { error: `Cannot withdraw request ${quote(args.target)}: ${closed.detail}` };
  }
}
