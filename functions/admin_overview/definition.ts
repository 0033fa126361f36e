import { DefineFunction } from "deno-slack-sdk/mod.ts";
import { ACTOR_PARAM, ADMIN_OUTPUT_PARAMS } from "../../lib/admin/params.ts";

/**
 * Lists every registered bot (status, keys and their end, permissions, approvers) and every
 * policy rule in evaluation order, for admins looking up ids before an edit: sent to the acting
 * admin's DM in Block Kit, and returned as text. Changes nothing.
 */
export const AdminOverviewFunction = DefineFunction({
  callback_id: "admin_overview",
  title: "List bots and policy rules",
  description:
    "DM the acting admin every registered bot and every policy rule in the order they are checked",
  source_file: "functions/admin_overview/mod.ts",
  input_parameters: { properties: { ...ACTOR_PARAM }, required: [] },
  output_parameters: ADMIN_OUTPUT_PARAMS,
});
