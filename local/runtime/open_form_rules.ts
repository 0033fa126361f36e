/**
 * Slack's rules for its form step (`Schema.slack.functions.OpenForm`), as the local platform
 * enforces them when a form step runs (`builtins.ts` fails the step with Slack's
 * `parameter_validation_failed`) and as an app's tests can check its manifest's workflows with
 * (pure: no platform, no HTTP). Sources: the open_form reference
 * (https://api.slack.com/reference/functions/open_form), "Creating a form"
 * (https://api.slack.com/automation/forms) and slackapi/deno-slack-sdk issue 218 (`usergroup_id`
 * fields fail with "parameter validation failed", a backend limit per Slack's maintainers). Rows
 * in docs/slack_rules.md.
 *
 * @module
 */

/** The OpenForm function id as it appears in a manifest's workflow steps. */
export const OPEN_FORM = "slack#/functions/open_form";

/** Element types a form can show (documented); arrays list their own item types below. */
export const FORM_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  "string",
  "integer",
  "number",
  "boolean",
  "slack#/types/date",
  "slack#/types/timestamp",
  "slack#/types/user_id",
  "slack#/types/channel_id",
  "slack#/types/rich_text",
  "array",
]);

/** Item types of an `array` element: multi-select of people, channels or static options. */
export const FORM_ARRAY_ITEM_TYPES: ReadonlySet<string> = new Set([
  "string",
  "slack#/types/user_id",
  "slack#/types/channel_id",
]);

/**
 * Longest form title: the open_form reference says "24 characters / 8 Japanese characters max",
 * which is 24 bytes of UTF-8 (a Japanese character takes 3), so the title is measured in bytes.
 */
export const MAX_FORM_TITLE = 24;
/** Longest submit label (a modal's submit button text: 24 characters). */
export const MAX_SUBMIT_LABEL = 24;
/** Longest element title (a form field label, 25 characters). */
export const MAX_ELEMENT_TITLE = 25;
/**
 * Most elements in a form: a form is a modal, which holds at most 100 blocks, one of them the
 * form's description when it has one. (Slack documents no lower limit for forms.)
 */
export const MAX_FORM_ELEMENTS = 100;

/** The form rules that are assumptions (undocumented), each relaxable. */
export interface OpenFormRelax {
  /**
   * Accept an array of strings without an `enum`. Strict default: refused — the forms page
   * documents arrays as multi-selects (of people, channels, or an `enum`'s options) only.
   */
  formFreeTextArrays?: boolean;
}

type Json = Record<string, unknown>;

function length(text: unknown): number {
  return Array.from(String(text ?? "")).length;
}

/**
 * Every OpenForm rule a workflow's form steps break, as "<workflow> step <id>: <problem>".
 *
 * @param workflows the manifest's `workflows` (callback_id → definition with `steps`)
 */
export function checkOpenForms(
  workflows: Record<string, unknown>,
  relax: OpenFormRelax = {},
): string[] {
  const problems: string[] = [];
  for (const [callbackId, wf] of Object.entries(workflows)) {
    const steps = ((wf as Json).steps ?? []) as Json[];
    for (const step of steps) {
      if (step.function_id !== OPEN_FORM) continue;
      const where = `${callbackId} step ${step.id}`;
      problems.push(
        ...checkFormInputs((step.inputs ?? {}) as Json, relax).map((p) => `${where}: ${p}`),
      );
    }
  }
  return problems;
}

/** The problems of one OpenForm step's inputs (empty when Slack would open the form). */
export function checkFormInputs(inputs: Json, relax: OpenFormRelax = {}): string[] {
  const problems: string[] = [];
  if (typeof inputs.title !== "string" || inputs.title.trim() === "") {
    problems.push("form title is missing");
  } else if (length(inputs.title) > MAX_FORM_TITLE) {
    problems.push(`form title "${inputs.title}" is longer than ${MAX_FORM_TITLE} characters`);
  } else if (new TextEncoder().encode(inputs.title).length > MAX_FORM_TITLE) {
    problems.push(
      `form title "${inputs.title}" is longer than ${MAX_FORM_TITLE} bytes (8 Japanese characters)`,
    );
  }
  if (inputs.submit_label !== undefined && length(inputs.submit_label) > MAX_SUBMIT_LABEL) {
    problems.push(
      `submit label "${inputs.submit_label}" is longer than ${MAX_SUBMIT_LABEL} characters`,
    );
  }
  if (inputs.interactivity === undefined) problems.push("interactivity is missing");
  const fields = (inputs.fields ?? {}) as Json;
  const elements = (fields.elements ?? []) as Json[];
  if (!Array.isArray(elements) || elements.length === 0) problems.push("form has no elements");
  const room = MAX_FORM_ELEMENTS - (inputs.description ? 1 : 0);
  if (Array.isArray(elements) && elements.length > room) {
    problems.push(`form has ${elements.length} elements; a form holds at most ${room}`);
  }
  const names = new Set<string>();
  for (const el of Array.isArray(elements) ? elements : []) {
    const name = String(el.name ?? "");
    if (!name) problems.push("an element has no name");
    if (names.has(name)) problems.push(`element "${name}" appears twice`);
    names.add(name);
    problems.push(...checkElement(el, relax).map((p) => `element "${name}": ${p}`));
  }
  for (const req of (fields.required ?? []) as string[]) {
    if (!names.has(req)) problems.push(`required "${req}" is not an element`);
  }
  return problems;
}

function checkElement(el: Json, relax: OpenFormRelax): string[] {
  const problems: string[] = [];
  const type = String(el.type ?? "");
  if (!FORM_ELEMENT_TYPES.has(type)) {
    problems.push(`type "${type}" is not a form element type`);
  }
  if (typeof el.title !== "string" || el.title.trim() === "") problems.push("title is missing");
  else if (length(el.title) > MAX_ELEMENT_TITLE) {
    problems.push(`title "${el.title}" is longer than ${MAX_ELEMENT_TITLE} characters`);
  }
  if (type === "array") {
    const itemType = String((el.items as Json | undefined)?.type ?? "");
    if (!FORM_ARRAY_ITEM_TYPES.has(itemType)) {
      problems.push(`array of "${itemType}" is not a form element type`);
    } else if (itemType === "string" && !(el.items as Json).enum && !relax.formFreeTextArrays) {
      problems.push("an array of strings needs an enum (a multi-select of fixed options)");
    }
  }
  if (el.long !== undefined && type !== "string") problems.push("`long` applies to strings only");
  const options = Array.isArray(el.enum) ? el.enum : (el.items as Json | undefined)?.enum;
  if (Array.isArray(options) && options.length > 100) {
    problems.push(`${options.length} options; a select holds at most 100`);
  }
  const choices = el.choices as Json[] | undefined;
  if (choices) {
    const values = new Set((el.enum ?? []) as unknown[]);
    for (const c of choices) {
      if (!values.has(c.value)) problems.push(`choice "${c.value}" is not in the enum`);
    }
  }
  return problems;
}
