import { DefineWorkflow } from "deno-slack-sdk/mod.ts";
import { WeeklyReportFunction } from "../functions/weekly_report/definition.ts";

/**
 * Started by the weekly scheduled trigger: posts the last seven days' decision summary to the
 * channel in the env `COUNTERSIGN_REPORT_CHANNEL`.
 */
export const WeeklyReportWorkflow = DefineWorkflow({
  callback_id: "weekly_report",
  title: "Weekly decision report",
  description: "Post last week's decision summary to the report channel",
  input_parameters: { properties: {}, required: [] },
});

WeeklyReportWorkflow.addStep(WeeklyReportFunction, {});
