import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { RecordDecisionFunction } from "./definition.ts";
import { Decisions } from "../../datastores/decisions.ts";
import {
  buildFinalRecord,
  closureOfRecord,
  type DecisionRecord,
  expectsCallback,
} from "../../lib/decision/mod.ts";
import { withRecordSeal } from "../_shared/seal.ts";
import { forwardToSiem } from "../_shared/siem.ts";
import { breakGlassReviewMs } from "../_break_glass_settings.ts";

/**
 * Writes the final decision once: the pending record (if any) is read for the fields only it
 * knows, then replaced by the full record. A record that is already final is left untouched and
 * its outcome returned, so a re-run can never write a second, different outcome. Whoever wrote
 * the final record owns its callback: this step hands `callback_url` to the notify step only for
 * a record it wrote itself. A pending record carrying a closure (expiry or revocation, noted by
 * `functions/request_approval/close.ts`) belongs to that closer, which records and calls back.
 */
export default SlackFunction(
  RecordDecisionFunction,
  async ({ inputs: given, client, env, event }) => {
    client = withSlackRetry(client);
    // A duplicate copy of a request that another copy owns (the approval step's `replayed`) is
    // recorded under its own id, like a replay the verify step caught, and never calls back. So is
    // a copy rate-limited before it won the owner election (`overloaded_unclaimed`): it may be a
    // duplicate whose twin owns the request, and Slack was too busy to tell.
    const duplicate = given.approval_outcome === "replayed" ||
      given.approval_outcome === "overloaded_unclaimed";
    const inputs = duplicate
      ? { ...given, decision_id: `rejected|${event.function_execution_id}`, callback_url: "" }
      : given;
    // Only a request that went to humans has an earlier (pending) record. Rejected and auto-decided
    // requests skip the read: their id is either unique to this execution (`rejected|…`) or was
    // checked unused by verify_request a moment ago, and a read cannot close that gap anyway
    // (Slack datastores have no conditional writes), so it would only cost a Web API call.
    const found = !duplicate && (inputs.effect === "require_approval" || inputs.approval_outcome)
      ? await client.apps.datastore.get<typeof Decisions.definition>({
        datastore: Decisions.name,
        id: inputs.decision_id,
      })
      : { ok: true as const, item: undefined, error: undefined };
    if (!found.ok) {
      return {
        error:
          `Cannot record decision "${inputs.decision_id}": datastore get failed (${found.error})`,
      };
    }
    const existing = found.item?.id ? found.item as DecisionRecord : undefined;
    const closure = existing && closureOfRecord(existing);
    if ((existing?.status === "final" && existing.outcome) || closure) {
      return {
        outputs: {
          // A noted closure's outcome stands even if a racing click noted its own over it.
          outcome: closure ? closure.outcome : existing!.outcome!,
          reason_code: (closure ?? existing!).reason_code ?? "",
          decided_at: (closure ?? existing!).decided_at ?? 0,
          record_json: JSON.stringify(existing),
          decision_id: inputs.decision_id,
          // Not this run's record: its writer made (or makes) the one callback.
          callback_url: "",
        },
      };
    }
    const record = buildFinalRecord(
      { ...inputs, review_window_ms: breakGlassReviewMs(env) },
      Date.now(),
      existing,
    );
    // Signed by the app's key so an audit export can prove the record unchanged (lib/audit).
    const item = await withRecordSeal(env, Decisions.name, { ...record }, "record_decision");
    const put = await client.apps.datastore.put<typeof Decisions.definition>({
      datastore: Decisions.name,
      item,
    });
    if (!put.ok) {
      return {
        error:
          `Cannot record decision "${inputs.decision_id}": datastore put failed (${put.error})`,
      };
    }
    // Optional copy to a log collector (COUNTERSIGN_SIEM_URL), after the write: an outage there
    // costs at most its small retry budget and never the decision.
    const siem = await forwardToSiem(env, Decisions.name, item);
    if (siem.status === "refused" || siem.status === "failed") {
      console.warn(`record_decision: "${inputs.decision_id}": ${siem.detail}`);
    }
    return {
      outputs: {
        outcome: record.outcome ?? "rejected",
        reason_code: record.reason_code ?? "",
        decided_at: record.decided_at ?? Date.now(),
        record_json: JSON.stringify(item),
        decision_id: inputs.decision_id,
        // Empty when nothing is to be sent (the record already says `skipped` and why), and for
        // a duplicate copy, which never calls back.
        callback_url: !duplicate && expectsCallback(inputs)
          ? (inputs.callback_url ?? "").trim()
          : "",
      },
    };
  },
);
