import { AdminOverviewFunction } from "../functions/admin_overview/definition.ts";
import { defineLinkWorkflow } from "./admin_workflow.ts";

/**
 * Link-trigger workflow: the overview function DMs the clicking admin the list of bots and
 * policy rules in Block Kit (it posts the messages itself: a workflow's DM step takes text only).
 */
export const AdminOverviewWorkflow = defineLinkWorkflow({
  callback_id: "admin_overview",
  title: "List bots and policy rules",
  description: "Admins: see every bot and rule, with the ids the other admin forms ask for",
});

AdminOverviewWorkflow.addStep(AdminOverviewFunction, {
  actor: AdminOverviewWorkflow.inputs.interactivity.interactor.id,
});
