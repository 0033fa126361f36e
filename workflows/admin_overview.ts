import { DefineWorkflow, Schema } from "deno-slack-sdk/mod.ts";
import { AdminOverviewFunction } from "../functions/admin_overview/definition.ts";

/** Link-trigger workflow: DM the clicking admin the list of bots and policy rules. */
export const AdminOverviewWorkflow = DefineWorkflow({
  callback_id: "admin_overview",
  title: "List bots and policy rules",
  description: "Admins: see every bot and rule, with the ids the other admin forms ask for",
  input_parameters: {
    properties: {
      interactivity: {
        type: Schema.slack.types.interactivity,
        description: "The click that started the workflow",
      },
    },
    required: ["interactivity"],
  },
});

const overview = AdminOverviewWorkflow.addStep(AdminOverviewFunction, {
  actor: AdminOverviewWorkflow.inputs.interactivity.interactor.id,
});

AdminOverviewWorkflow.addStep(Schema.slack.functions.SendDm, {
  user_id: AdminOverviewWorkflow.inputs.interactivity.interactor.id,
  message: overview.outputs.summary,
});
