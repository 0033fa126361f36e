import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { withSlackRetry } from "../../lib/slack_retry.ts";
import { RecordDecisionFunction } from "./definition.ts";
import { Decisions } from "../../datastores/decisions.ts";
import { buildFinalRecord, type DecisionRecord } from "../../lib/decision/mod.ts";
import { withRecordSeal } from "../../lib/audit/seal.ts";
import { forwardToSiem } from "../../lib/audit/siem.ts";

/**
 * Writes the final decision once: the pending record (if any) is read for the fields only it
 * knows, then replaced by the full record. A record that is already final is left untouched and
 * its outcome returned, so a re-run can never write a second, different outcome.
 */
export default SlackFunction(
  RecordDecisionFunction,
  async ({ inputs: given, client, env, event }) => {
    client = withSlackRetry(client);
    // A duplicate copy of a request that another copy owns (the approval step's `replayed`) is
    // recorded under its own id, like a replay the verify step caught, and never calls back.
    const duplicate = given.approval_outcome === "replayed";
    const inputs = duplicate
      ? { ...given, decision_id: `rejected|${event.function_execution_id}`, callback_url: "" }
      : given;
    const passOn = { decision_id: inputs.decision_id, callback_url: inputs.callback_url ?? "" };
    // Only a request that went to humans has an earlier (pending) record. Rejected and auto-decided
    // requests skip the read: their id is either unique to this execution (`rejected|…`) or was
    // checked unused by verify_request a moment ago, and a read cannot close that gap anyway
    // (Slack datastores have no conditional writes), so it would only cost a Web API call.
    const found = inputs.effect === "require_approval" || inputs.approval_outcome
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
    if (existing?.status === "final" && existing.outcome) {
      return {
        outputs: {
          outcome: existing.outcome,
          reason_code: existing.reason_code ?? "",
          decided_at: existing.decided_at ?? 0,
          record_json: JSON.stringify(existing),
          ...passOn,
        },
      };
    }
    const record = buildFinalRecord(inputs, Date.now(), existing);
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
        // The notify step re-signs the record with the delivery result without reading it back.
        record_json: JSON.stringify(item),
        ...passOn,
      },
    };
  },
);
