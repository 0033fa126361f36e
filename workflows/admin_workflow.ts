import { DefineWorkflow, Schema } from "deno-slack-sdk/mod.ts";
import type { SpecField } from "../lib/admin/spec_form.ts";

/**
 * One field of a Slack form (`Schema.slack.functions.OpenForm`); its name is also the admin
 * function's input it fills. The form functions make their own modals from the same shape.
 */
export type FormField = SpecField;

/**
 * A link-trigger workflow whose only input is the click (`interactivity`, which Slack fills in
 * and the user cannot choose).
 */
export function defineLinkWorkflow(
  spec: { callback_id: string; title: string; description: string },
) {
  return DefineWorkflow({
    callback_id: spec.callback_id,
    title: spec.title,
    description: spec.description,
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
}

/** What an admin workflow consists of. */
export interface AdminWorkflowSpec {
  callback_id: string;
  title: string;
  description: string;
  formTitle: string;
  submitLabel: string;
  fields: FormField[];
  required: string[];
  // deno-lint-ignore no-explicit-any -- any admin DefineFunction result; typed per workflow file
  fn: any;
}

/**
 * Defines an admin workflow for a link trigger: a Slack form collects the fields, the admin
 * function runs with the person who clicked as `actor` (from the trigger's interactivity, which
 * Slack fills in and the user cannot choose), and its summary is sent to that person as a DM.
 *
 * A form must be the first step: Slack's interactivity pointer from the click is only valid for a
 * few seconds, so the admin check happens in the function after the form is submitted.
 */
export function defineAdminWorkflow(spec: AdminWorkflowSpec) {
  const workflow = defineLinkWorkflow(spec);
  const form = workflow.addStep(Schema.slack.functions.OpenForm, {
    title: spec.formTitle,
    submit_label: spec.submitLabel,
    interactivity: workflow.inputs.interactivity,
    fields: { elements: spec.fields, required: spec.required },
  });
  const inputs: Record<string, unknown> = { actor: workflow.inputs.interactivity.interactor.id };
  for (const field of spec.fields) inputs[field.name] = form.outputs.fields[field.name];
  const step = workflow.addStep(spec.fn, inputs);
  workflow.addStep(Schema.slack.functions.SendDm, {
    user_id: workflow.inputs.interactivity.interactor.id,
    message: step.outputs.summary,
  });
  return workflow;
}

/** What an admin workflow whose function opens its own form consists of. */
export interface AdminFormWorkflowSpec {
  callback_id: string;
  title: string;
  description: string;
  // deno-lint-ignore no-explicit-any -- any admin DefineFunction result with an interactivity input
  fn: any;
}

/**
 * Defines an admin workflow for a link trigger whose function opens its own modal (Slack's
 * custom modal in a function): the click's `interactivity` goes straight to the function, which
 * calls `views.open` first (the pointer expires 3 s after the click), answers each submission
 * with inline errors, and completes once the form is valid or closed; its summary is then sent to
 * the person who clicked as a DM.
 */
export function defineAdminFormWorkflow(spec: AdminFormWorkflowSpec) {
  const workflow = defineLinkWorkflow(spec);
  const step = workflow.addStep(spec.fn, { interactivity: workflow.inputs.interactivity });
  workflow.addStep(Schema.slack.functions.SendDm, {
    user_id: workflow.inputs.interactivity.interactor.id,
    message: step.outputs.summary,
  });
  return workflow;
}
