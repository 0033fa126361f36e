import { assert, assertArrayIncludes, assertEquals } from "@std/assert";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import manifest from "./manifest.ts";
import trigger from "./triggers/handle_request_webhook.ts";

type Json = Record<string, unknown>;
type Params = { properties: Record<string, Json>; required?: string[] };

const SCHEMA_PATH = new URL(
  "../shared/slack-manifest-schema/manifest.schema.2.0.0.json",
  import.meta.url,
);

/**
 * The manifest as the Slack CLI sends it: the get-manifest hook drops each function's
 * `source_file`, and the CLI uploads `icon` separately instead of sending it.
 */
function asSentByCli(): Json {
  const sent = JSON.parse(JSON.stringify(manifest)) as Json; // what the hook prints
  delete sent.icon;
  for (const fn of Object.values(sent.functions as Record<string, Json>)) delete fn.source_file;
  return sent;
}

async function schemaIfPresent(): Promise<Json | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(SCHEMA_PATH));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}

const schema = await schemaIfPresent();
if (!schema) {
  console.log(`manifest schema test skipped: ${SCHEMA_PATH.pathname} is not present`);
}

Deno.test({
  name: schema
    ? "the manifest validates against Slack's published v2 manifest schema"
    : "SKIPPED: the manifest schema check (../shared/slack-manifest-schema not present)",
  ignore: !schema,
  fn() {
    const ajv = new Ajv.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema!);
    const ok = validate(asSentByCli());
    assertEquals(ok ? [] : validate.errors, []);
  },
});

Deno.test("the schema check rejects a function without a description", {
  ignore: !schema,
}, () => {
  const ajv = new Ajv.default({ strict: false });
  addFormats.default(ajv);
  const broken = asSentByCli();
  delete (broken.functions as Record<string, Json>).verify_request.description;
  assertEquals(ajv.validate(schema!, broken), false);
});

Deno.test("the manifest lists the functions, workflow, datastores and the scopes they need", () => {
  const m = manifest as Json;
  // The core request path; admin, sweep and report functions come on top of it.
  assertArrayIncludes(Object.keys(m.functions as Json), [
    "acknowledge_break_glass",
    "admin_add_policy",
    "admin_add_policy_form",
    "admin_dry_run_policy",
    "admin_edit_bot",
    "admin_edit_bot_form",
    "admin_edit_policy",
    "admin_overview",
    "admin_register_bot",
    "admin_register_bot_form",
    "admin_remove_policy",
    "admin_resend_callback",
    "admin_rotate_key",
    "admin_set_bot_status",
    "announce_break_glass",
    "evaluate_policy",
    "notify_caller",
    "record_decision",
    "request_approval",
    "sweep_pending",
    "verify_request",
    "weekly_report",
  ]);
  assertEquals(Object.keys(m.workflows as Json).sort(), [
    "acknowledge_break_glass",
    "admin_add_policy",
    "admin_dry_run_policy",
    "admin_edit_bot",
    "admin_edit_policy",
    "admin_overview",
    "admin_register_bot",
    "admin_remove_policy",
    "admin_resend_callback",
    "admin_rotate_key",
    "admin_set_bot_status",
    "handle_request",
    "sweep_pending",
    "weekly_report",
  ]);
  assertEquals(Object.keys(m.datastores as Json).sort(), [
    "admin_events",
    "approval_claims",
    "approval_votes",
    "click_events",
    "decisions",
    "oidc_tokens",
    "policies",
    "scoped_approvals",
    "services",
  ]);
  const scopes = ((m.oauth_config as Json).scopes as Json).bot as string[];
  for (
    const scope of [
      "chat:write",
      "datastore:read",
      "datastore:write",
      "usergroups:read",
      "users:read",
    ]
  ) {
    assert(scopes.includes(scope), `missing scope ${scope}`);
  }
});

Deno.test("the self-approval guard's email comparison has the scope that makes Slack send emails", async () => {
  // users.info returns `email` only with users:read.email; without it the guard would silently
  // stop recognising a requester named by email (triggered_by: "alice@example.com").
  const guard = await Deno.readTextFile(new URL("lib/decision/votes.ts", import.meta.url));
  const reader = await Deno.readTextFile(
    new URL("functions/request_approval/_slack.ts", import.meta.url),
  );
  const usesEmail = /user\.email/.test(guard) && /profile\?\.email/.test(reader);
  const scopes = ((manifest as Json).oauth_config as { scopes: { bot: string[] } }).scopes.bot;
  assertEquals(usesEmail && !scopes.includes("users:read.email"), false);
  assert(scopes.includes("users:read"), "users.info needs users:read");
});

Deno.test("each function's callback_id is its folder name and its source file exists", async () => {
  for (const [id, fn] of Object.entries(manifest.functions as Record<string, Json>)) {
    assertEquals(fn.source_file, `functions/${id}/mod.ts`);
    const stat = await Deno.stat(new URL(fn.source_file as string, import.meta.url));
    assert(stat.isFile, `${fn.source_file} is not a file`);
  }
});

// Workflow Builder lists custom steps only with a title and description, shows each parameter's
// title/description, and does not support object-typed parameters.
const BUILDER_TYPES = new Set([
  "string",
  "integer",
  "number",
  "boolean",
  "array",
  "slack#/types/user_id",
  "slack#/types/channel_id",
  "slack#/types/usergroup_id",
  "slack#/types/timestamp",
]);

/**
 * The form functions, which open their own modal from an `interactivity` input: Slack's Workflow
 * Builder does not offer functions that require interactivity
 * (https://api.slack.com/automation/interactivity), so each has a plain twin that is a step.
 */
const FORM_FUNCTIONS: Record<string, string> = {
  admin_register_bot_form: "admin_register_bot",
  admin_edit_bot_form: "admin_edit_bot",
  admin_add_policy_form: "admin_add_policy",
};

Deno.test("every function is usable as a Workflow Builder custom step, except the forms' twins", () => {
  const problems: string[] = [];
  const functions = manifest.functions as Record<string, Json>;
  for (const [form, twin] of Object.entries(FORM_FUNCTIONS)) {
    const inputs = (functions[form].input_parameters as Params).properties;
    assertEquals(String(inputs.interactivity?.type), "slack#/types/interactivity", form);
    assert(functions[twin], `${form} has the Workflow Builder twin ${twin}`);
  }
  for (const [id, fn] of Object.entries(functions)) {
    if (id in FORM_FUNCTIONS) continue;
    if (!fn.title || !fn.description) problems.push(`${id}: title and description required`);
    for (const kind of ["input_parameters", "output_parameters"] as const) {
      for (const [name, p] of Object.entries((fn[kind] as Params).properties)) {
        if (!p.title || !p.description) {
          problems.push(`${id}.${kind}.${name}: needs title+description`);
        }
        if (!BUILDER_TYPES.has(p.type as string)) {
          problems.push(`${id}.${kind}.${name}: type ${p.type}`);
        }
        const items = p.items as Json | undefined;
        if (items && !BUILDER_TYPES.has(items.type as string)) {
          problems.push(`${id}.${kind}.${name}: array of ${items.type}`);
        }
      }
    }
  }
  assertEquals(problems, []);
});

Deno.test("the webhook trigger starts handle_request and passes every workflow input", () => {
  assertEquals(trigger.type, "webhook");
  assertEquals(trigger.workflow, "#/workflows/handle_request");
  const wf = (manifest.workflows as Record<string, Json>).handle_request;
  const inputs = Object.keys((wf.input_parameters as Params).properties).sort();
  assertEquals(Object.keys(trigger.inputs ?? {}).sort(), inputs);
  for (const [name, value] of Object.entries(trigger.inputs ?? {})) {
    assertEquals((value as { value: string }).value, `{{data.${name}}}`);
  }
});
