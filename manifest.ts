import { Manifest } from "deno-slack-sdk/mod.ts";
import { OUTGOING_DOMAINS } from "./lib/config.ts";
import { PublicKeyType, Services } from "./datastores/services.ts";
import { Decisions } from "./datastores/decisions.ts";
import { Policies } from "./datastores/policies.ts";
import { ApprovalVotes } from "./datastores/approval_votes.ts";
import { VerifyRequestFunction } from "./functions/verify_request/definition.ts";
import { EvaluatePolicyFunction } from "./functions/evaluate_policy/definition.ts";
import { RequestApprovalFunction } from "./functions/request_approval/definition.ts";
import { RecordDecisionFunction } from "./functions/record_decision/definition.ts";
import { NotifyCallerFunction } from "./functions/notify_caller/definition.ts";
import { HandleRequestWorkflow } from "./workflows/handle_request.ts";
import { SweepPendingFunction } from "./functions/sweep_pending/definition.ts";
import { SweepPendingWorkflow } from "./workflows/sweep_pending.ts";
import { WeeklyReportFunction } from "./functions/weekly_report/definition.ts";
import { WeeklyReportWorkflow } from "./workflows/weekly_report.ts";

export default Manifest({
  name: "Countersign",
  description: "Bots ask permission; humans countersign in Slack; every decision is audited",
  icon: "assets/icon.png",
  functions: [
    VerifyRequestFunction,
    EvaluatePolicyFunction,
    RequestApprovalFunction,
    RecordDecisionFunction,
    NotifyCallerFunction,
    SweepPendingFunction,
    WeeklyReportFunction,
  ],
  workflows: [HandleRequestWorkflow, SweepPendingWorkflow, WeeklyReportWorkflow],
  datastores: [Services, Decisions, Policies, ApprovalVotes],
  types: [PublicKeyType],
  outgoingDomains: [...OUTGOING_DOMAINS],
  botScopes: [
    "commands",
    "chat:write",
    "chat:write.public",
    "im:write",
    "users:read",
    "usergroups:read",
    "datastore:read",
    "datastore:write",
  ],
});
