/**
 * The bot form of the admin functions' own modals (register and edit): its Block Kit view, and
 * the submitted `view.state.values` read back into the functions' inputs. Pure; the checks are
 * `checkBotForm` (`bot_form_check.ts`), the Web API calls are the handlers'.
 *
 * The elements are Slack's own pickers where Block Kit has one (`users_select`,
 * `multi_users_select`, `conversations_select`, `number_input`, `static_select`); user groups are
 * typed ids, as Block Kit has no user-group picker. Every block id is the input's name, so a
 * problem found by the checks is shown under its field (`response_action: "errors"`).
 *
 * @module
 */
import type { BotSettingsInput, ServiceItem } from "./bot.ts";
import {
  BOT_FORM_FIELDS,
  type BotFormMode,
  type FieldSpec,
  FORM_ACTION_ID,
} from "./bot_form_fields.ts";

export { BOT_FORM_FIELDS, type BotFormMode, FORM_ACTION_ID } from "./bot_form_fields.ts";

const plain = (text: string) => ({ type: "plain_text", text });

/** The current value of a field of `item`, as the form shows it. */
function currentValue(item: ServiceItem, name: string): unknown {
  const list = (v: string[] | undefined) => v?.join("\n");
  switch (name) {
    case "allowed_actions":
    case "allowed_resources":
    case "allowed_environments":
    case "oidc_claims":
      return list(item[name]);
    case "approval_timeout_minutes":
      return item.approval_timeout_seconds === undefined
        ? undefined
        : Math.round(item.approval_timeout_seconds / 60);
    case "break_glass":
      return item.break_glass === undefined
        ? undefined
        : item.break_glass
        ? "allowed"
        : "not_allowed";
    default:
      return (item as unknown as Record<string, unknown>)[name];
  }
}

function element(field: FieldSpec, value: unknown): Record<string, unknown> {
  const base = { action_id: FORM_ACTION_ID };
  const has = value !== undefined && value !== null && value !== "";
  switch (field.kind) {
    case "user":
      return { type: "users_select", ...base, ...(has ? { initial_user: String(value) } : {}) };
    case "users":
      return {
        type: "multi_users_select",
        ...base,
        ...(Array.isArray(value) && value.length ? { initial_users: value.map(String) } : {}),
      };
    case "channel":
      return {
        type: "conversations_select",
        ...base,
        filter: { include: ["public", "private"], exclude_bot_users: true },
        ...(has ? { initial_conversation: String(value) } : {}),
      };
    case "number":
      return {
        type: "number_input",
        ...base,
        is_decimal_allowed: false,
        ...(field.min !== undefined ? { min_value: String(field.min) } : {}),
        ...(field.max !== undefined ? { max_value: String(field.max) } : {}),
        ...(has ? { initial_value: String(value) } : {}),
      };
    case "choice": {
      const options = (field.options ?? []).map((o) => ({ text: plain(o.text), value: o.value }));
      const initial = options.find((o) => o.value === value);
      return {
        type: "static_select",
        ...base,
        options,
        ...(initial ? { initial_option: initial } : {}),
      };
    }
    default:
      return {
        type: "plain_text_input",
        ...base,
        multiline: field.kind === "long",
        ...(field.max !== undefined ? { max_length: field.max } : {}),
        ...(has ? { initial_value: String(value) } : {}),
      };
  }
}

/** Options of {@linkcode botFormView}. */
export interface BotFormOptions {
  /** The view's callback id: the function's, whose submission handler takes it. */
  callbackId: string;
  mode: BotFormMode;
  /** The bot as stored (edit): fields start with its values. */
  item?: ServiceItem;
  /** Carried back with the submission (Slack's limit: 3000 characters). */
  privateMetadata?: string;
}

/** The modal of the bot form. Slack's limits: title and button labels ≤ 24 characters. */
export function botFormView(opts: BotFormOptions): Record<string, unknown> {
  const edit = opts.mode === "edit";
  const blocks: Record<string, unknown>[] = [];
  if (edit && opts.item) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: "Blank optional fields are cleared when you save." }],
    });
  }
  for (const field of BOT_FORM_FIELDS) {
    if (edit && field.registerOnly) continue;
    const value = opts.item ? currentValue(opts.item, field.name) : undefined;
    blocks.push({
      type: "input",
      block_id: field.name,
      optional: !field.required,
      label: plain(field.label),
      element: element(field, value),
      ...(field.hint ? { hint: plain(field.hint) } : {}),
    });
  }
  return {
    type: "modal",
    callback_id: opts.callbackId,
    title: plain(edit ? "Edit a bot" : "Register a bot"),
    submit: plain(edit ? "Save" : "Register"),
    close: plain("Cancel"),
    notify_on_close: true,
    private_metadata: opts.privateMetadata ?? "",
    blocks,
  };
}

/** What a submission of the bot form holds, as the admin functions' inputs name it. */
export interface BotFormInput extends BotSettingsInput {
  service_id?: string;
  public_key?: string;
  key_id?: string;
}

type StateValues = Record<string, Record<string, Record<string, unknown>> | undefined>;

/**
 * Reads a submission's `view.state.values` into inputs: blank fields are left out, numbers are
 * kept as typed when they are not whole numbers (`NaN`, which the checks name), anything of a
 * wrong shape is ignored. Every value is still unchecked caller input.
 */
export function readBotForm(values: unknown): BotFormInput {
  const state = (values && typeof values === "object" ? values : {}) as StateValues;
  const out: Record<string, unknown> = {};
  for (const field of BOT_FORM_FIELDS) {
    const s = state[field.name]?.[FORM_ACTION_ID];
    if (!s || typeof s !== "object") continue;
    const str = (v: unknown) => typeof v === "string" && v.trim() !== "" ? v : undefined;
    let value: unknown;
    switch (field.kind) {
      case "user":
        value = str(s.selected_user);
        break;
      case "users":
        value = Array.isArray(s.selected_users) && s.selected_users.length
          ? s.selected_users.filter((u): u is string => typeof u === "string")
          : undefined;
        break;
      case "channel":
        value = str(s.selected_conversation) ?? str(s.selected_channel);
        break;
      case "number": {
        const text = str(s.value);
        value = text === undefined ? undefined : /^\s*-?\d+\s*$/.test(text) ? Number(text) : NaN;
        break;
      }
      case "choice":
        value = str((s.selected_option as { value?: unknown } | null)?.value);
        break;
      default:
        value = str(s.value);
    }
    if (value !== undefined) out[field.name] = value;
  }
  return out as BotFormInput;
}
