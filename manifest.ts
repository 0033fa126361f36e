import { Manifest } from "deno-slack-sdk/mod.ts";
import { OUTGOING_DOMAINS } from "./lib/config.ts";
import { PublicKeyType, Services } from "./datastores/services.ts";
import { Decisions } from "./datastores/decisions.ts";
import { Policies } from "./datastores/policies.ts";
import { ApprovalVotes } from "./datastores/approval_votes.ts";
import { OidcTokens } from "./datastores/oidc_tokens.ts";
import { VerifyRequestFunction } from "./functions/verify_request/definition.ts";
import { EvaluatePolicyFunction } from "./functions/evaluate_policy/definition.ts";
import { RequestApprovalFunction } from "./functions/request_approval/definition.ts";
import { RecordDecisionFunction } from "./functions/record_decision/definition.ts";
import { NotifyCallerFunction } from "./functions/notify_caller/definition.ts";
import { HandleRequestWorkflow } from "./workflows/handle_request.ts";
import { AdminEvents } from "./datastores/admin_events.ts";
import { ApprovalClaims } from "./datastores/approval_claims.ts";
import { ClickEvents } from "./datastores/click_events.ts";
import { ScopedApprovals } from "./datastores/scoped_approvals.ts";
import { AdminRegisterBotFunction } from "./functions/admin_register_bot/definition.ts";
import { AdminEditBotFunction } from "./functions/admin_edit_bot/definition.ts";
import { AdminRegisterBotFormFunction } from "./functions/admin_register_bot_form/definition.ts";
import { AdminEditBotFormFunction } from "./functions/admin_edit_bot_form/definition.ts";
import { AdminAddPolicyFormFunction } from "./functions/admin_add_policy_form/definition.ts";
import { AdminRotateKeyFunction } from "./functions/admin_rotate_key/definition.ts";
import { AdminSetBotStatusFunction } from "./functions/admin_set_bot_status/definition.ts";
import { AdminResendCallbackFunction } from "./functions/admin_resend_callback/definition.ts";
import { AdminAddPolicyFunction } from "./functions/admin_add_policy/definition.ts";
import { AdminEditPolicyFunction } from "./functions/admin_edit_policy/definition.ts";
import { AdminRemovePolicyFunction } from "./functions/admin_remove_policy/definition.ts";
import { AdminDryRunPolicyFunction } from "./functions/admin_dry_run_policy/definition.ts";
import { AdminOverviewFunction } from "./functions/admin_overview/definition.ts";
import { AdminRegisterBotWorkflow } from "./workflows/admin_register_bot.ts";
import { AdminEditBotWorkflow } from "./workflows/admin_edit_bot.ts";
import { AdminRotateKeyWorkflow } from "./workflows/admin_rotate_key.ts";
import { AdminSetBotStatusWorkflow } from "./workflows/admin_set_bot_status.ts";
import { AdminResendCallbackWorkflow } from "./workflows/admin_resend_callback.ts";
import { AdminAddPolicyWorkflow } from "./workflows/admin_add_policy.ts";
import { AdminEditPolicyWorkflow } from "./workflows/admin_edit_policy.ts";
import { AdminRemovePolicyWorkflow } from "./workflows/admin_remove_policy.ts";
import { AdminDryRunPolicyWorkflow } from "./workflows/admin_dry_run_policy.ts";
import { AdminOverviewWorkflow } from "./workflows/admin_overview.ts";
import { SweepPendingFunction } from "./functions/sweep_pending/definition.ts";
import { SweepPendingWorkflow } from "./workflows/sweep_pending.ts";
import { WeeklyReportFunction } from "./functions/weekly_report/definition.ts";
import { WeeklyReportWorkflow } from "./workflows/weekly_report.ts";
import { AnnounceBreakGlassFunction } from "./functions/announce_break_glass/definition.ts";
import { AcknowledgeBreakGlassFunction } from "./functions/acknowledge_break_glass/definition.ts";
import { AcknowledgeBreakGlassWorkflow } from "./workflows/acknowledge_break_glass.ts";

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
    AdminRegisterBotFunction,
    AdminEditBotFunction,
    AdminRegisterBotFormFunction,
    AdminEditBotFormFunction,
    AdminRotateKeyFunction,
    AdminSetBotStatusFunction,
    AdminResendCallbackFunction,
    AdminAddPolicyFunction,
    AdminAddPolicyFormFunction,
    AdminEditPolicyFunction,
    AdminRemovePolicyFunction,
    AdminDryRunPolicyFunction,
    AdminOverviewFunction,
    SweepPendingFunction,
    WeeklyReportFunction,
    AnnounceBreakGlassFunction,
    AcknowledgeBreakGlassFunction,
  ],
  workflows: [
    HandleRequestWorkflow,
    AdminRegisterBotWorkflow,
    AdminEditBotWorkflow,
    AdminRotateKeyWorkflow,
    AdminSetBotStatusWorkflow,
    AdminResendCallbackWorkflow,
    AdminAddPolicyWorkflow,
    AdminEditPolicyWorkflow,
    AdminRemovePolicyWorkflow,
    AdminDryRunPolicyWorkflow,
    AdminOverviewWorkflow,
    SweepPendingWorkflow,
    WeeklyReportWorkflow,
    AcknowledgeBreakGlassWorkflow,
  ],
  datastores: [
    Services,
    Decisions,
    Policies,
    ApprovalVotes,
    AdminEvents,
    OidcTokens,
    ApprovalClaims,
    ClickEvents,
    ScopedApprovals,
  ],
  types: [PublicKeyType],
  outgoingDomains: [...OUTGOING_DOMAINS],
  botScopes: [
    "commands",
    "chat:write",
    "chat:write.public",
    "im:write",
    "users:read",
    // The self-approval guard matches `triggered_by` against the clicker's email (callers often
    // send the committer's email); users.info returns no email without this scope.
    "users:read.email",
    "usergroups:read",
    "datastore:read",
    "datastore:write",
  ],
});
