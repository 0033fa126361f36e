/**
 * workflows.triggers.*: trigger records; webhook triggers get a URL whose last path segment is
 * a random secret (Slack's webhooks have no other authentication: the URL is the secret).
 *
 * @module
 */
import type { TriggerRecord } from "../storage/types.ts";
import type { TriggerEventDetail } from "./events.ts";
import {
  type ApiContext,
  invalidArguments,
  type Method,
  optJson,
  optObject,
  optString,
  randomHex,
  randomId,
  reqString,
  SlackError,
} from "./context.ts";
import { checkScheduledTrigger } from "./schedule_rules.ts";

const TRIGGER_TYPES = new Set(["webhook", "shortcut", "scheduled", "event"]);
const WORKFLOW_REF = /^#\/workflows\/([A-Za-z0-9_-]+)$/;
const DEFINITION_FIELDS = [
  "type",
  "name",
  "description",
  "workflow",
  "inputs",
  "webhook",
  "event",
  "schedule",
  "shortcut",
] as const;

function readDefinition(args: Record<string, unknown>): Record<string, unknown> {
  const definition: Record<string, unknown> = {};
  for (const field of DEFINITION_FIELDS) {
    const value = field === "type" || field === "name" || field === "description" ||
        field === "workflow"
      ? optString(args, field)
      : optJson(args, field);
    if (value !== undefined) definition[field] = value;
  }
  const type = definition.type;
  if (typeof type !== "string" || !TRIGGER_TYPES.has(type)) {
    throw invalidArguments(`type must be one of ${[...TRIGGER_TYPES].join(", ")}`);
  }
  if (typeof definition.name !== "string") throw invalidArguments("missing required field: name");
  if (typeof definition.workflow !== "string" || !WORKFLOW_REF.test(definition.workflow)) {
    throw new SlackError("invalid_workflow", {
      response_metadata: { messages: ['[ERROR] workflow must look like "#/workflows/<id>"'] },
    });
  }
  if (definition.inputs !== undefined) optObject(definition, "inputs");
  if (type === "scheduled" && definition.schedule === undefined) {
    throw invalidArguments("missing required field: schedule");
  }
  if (type === "event" && definition.event === undefined) {
    throw invalidArguments("missing required field: event");
  }
  return definition;
}

/**
 * Refuses a scheduled trigger that breaks Slack's schedule rules (`schedule_rules.ts`), with
 * every problem in `response_metadata.messages`. The error code is an assumption: Slack
 * documents the rules, not the code it answers with; `invalid_arguments` is its code for a
 * request that does not fit a method's schema.
 */
function checkSchedule(ctx: ApiContext, definition: Record<string, unknown>): void {
  const problems = checkScheduledTrigger(definition, ctx.now());
  if (problems.length === 0) return;
  throw new SlackError("invalid_arguments", {
    response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
  });
}

/** The Slack API shape of a trigger. */
export function triggerView(ctx: ApiContext, record: TriggerRecord): Record<string, unknown> {
  const callbackId = WORKFLOW_REF.exec(record.workflow)?.[1] ?? record.workflow;
  const { workflow: _workflow, ...rest } = record.definition;
  return {
    ...rest,
    id: record.id,
    type: record.type,
    name: record.name,
    workflow: { id: record.workflow, callback_id: callbackId },
    ...(record.webhook_url ? { webhook_url: record.webhook_url } : {}),
    ...(record.type === "shortcut"
      ? { shortcut_url: `${ctx.baseUrl.replace(/\/+$/, "")}/shortcuts/${record.id}` }
      : {}),
    date_created: record.created,
  };
}

function emitTrigger(ctx: ApiContext, op: TriggerEventDetail["op"], trigger: TriggerRecord) {
  ctx.emit("trigger", { op, trigger });
}

/** workflows.triggers.* methods by Slack name. */
export const triggerMethods: Record<string, Method> = {
  "workflows.triggers.create": (ctx, args) => {
    const definition = readDefinition(args);
    checkSchedule(ctx, definition);
    const id = randomId("Ft");
    const record: TriggerRecord = {
      id,
      type: definition.type as string,
      name: definition.name as string,
      workflow: definition.workflow as string,
      definition,
      created: Math.floor(ctx.now() / 1000),
      ...(definition.type === "webhook"
        ? {
          webhook_url: `${ctx.baseUrl.replace(/\/+$/, "")}/triggers/${ctx.caller.team_id}/${id}/${
            randomHex(20)
          }`,
        }
        : {}),
    };
    ctx.storage.putTrigger(record);
    emitTrigger(ctx, "created", record);
    return { trigger: triggerView(ctx, record) };
  },
  "workflows.triggers.list": (ctx) => ({
    triggers: ctx.storage.listTriggers().map((t) => triggerView(ctx, t)),
    response_metadata: { next_cursor: "" },
  }),
  "workflows.triggers.update": (ctx, args) => {
    const id = reqString(args, "trigger_id", "trigger_does_not_exist");
    const existing = ctx.storage.getTrigger(id);
    if (!existing) throw new SlackError("trigger_does_not_exist");
    const definition = readDefinition(args);
    if (definition.type !== existing.type) throw new SlackError("trigger_type_mismatch");
    checkSchedule(ctx, definition);
    const record: TriggerRecord = {
      ...existing,
      name: definition.name as string,
      workflow: definition.workflow as string,
      definition,
    };
    ctx.storage.putTrigger(record);
    emitTrigger(ctx, "updated", record);
    return { trigger: triggerView(ctx, record) };
  },
  "workflows.triggers.delete": (ctx, args) => {
    const id = reqString(args, "trigger_id", "trigger_does_not_exist");
    const existing = ctx.storage.getTrigger(id);
    if (!existing || !ctx.storage.deleteTrigger(id)) throw new SlackError("trigger_does_not_exist");
    emitTrigger(ctx, "deleted", existing);
    return {};
  },
};
