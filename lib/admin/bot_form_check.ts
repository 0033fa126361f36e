/**
 * Checks of a submitted bot form, every field at once: each problem is returned under the
 * field's name (the form's block id), so the modal shows all of them in place and keeps what
 * was typed. Nothing here reads or writes Slack; the handlers add the checks that need the Web
 * API (an existing id, user groups and people) with {@linkcode problemField}.
 *
 * @module
 */
import {
  applySettings,
  type BotSettingsInput,
  CLEARABLE,
  type ServiceItem,
  type SettingsContext,
} from "./bot.ts";
import { BOT_FORM_FIELDS, type BotFormInput, type BotFormMode } from "./bot_form.ts";
import { checkId } from "./fields.ts";
import { identityProblem } from "./oidc.ts";
import { readPublicKey } from "./public_key.ts";

/** Problems of a form's fields: the field's name (its block id) → why its value is unusable. */
export type FieldErrors = Record<string, string>;

/** Result of {@linkcode checkBotForm}: the bot to write, or every field's problem. */
export type BotFormCheck =
  | { ok: true; item: ServiceItem; keyId?: string }
  | { ok: false; errors: FieldErrors };

/** Settings the edit form shows in full: a blank optional one is cleared on save. */
const FORM_SETTINGS = [
  ...CLEARABLE,
  "display_name",
  "kind",
  "owner",
  "allowed_actions",
  "allowed_resources",
  "allowed_environments",
  "approvals_required",
  "approval_channel",
  "approval_timeout_seconds",
] as const;

function blank(value: unknown): boolean {
  return value === undefined || value === null ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0);
}

/**
 * Every setting's problem at once, with the very checks of the Workflow Builder steps
 * (`applySettings`): each given setting is checked alone (the checks of single settings are
 * independent), a blank required one is named, and only a form without problems is applied.
 */
export function checkSettings(
  base: ServiceItem,
  input: BotFormInput,
  ctx: SettingsContext,
  mode: BotFormMode,
): { ok: true; item: ServiceItem } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const usable: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (blank(value)) continue;
    const alone = applySettings(base, { [field]: value } as BotSettingsInput, ctx, false);
    if (alone.ok) usable[field] = value;
    else errors[field] = alone.error;
  }
  for (const field of BOT_FORM_FIELDS) {
    if (
      field.required && !(mode === "edit" && field.registerOnly) &&
      blank(input[field.name as keyof BotFormInput])
    ) {
      errors[field.name] ??= `${field.label.toLowerCase()} is required`;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const all = applySettings(base, usable as BotSettingsInput, ctx, true);
  return all.ok ? all : { ok: false, errors: { [problemField(all.error, mode)]: all.error } };
}

/**
 * The form field that a problem message is about, from the words it starts with (the messages
 * of `lib/admin/fields.ts`, `bot.ts`, `oidc.ts` and `slack.ts` name their field first).
 */
export function problemField(message: string, mode: BotFormMode): string {
  const starts: [RegExp, string][] = [
    [/^approver usergroup/, "approver_usergroup"],
    [/^escalation usergroup/, "escalation_usergroup"],
    [/^(approvals required|approvers?\b.*larger)/, "approvals_required"],
    [/^(no approvers|approver )/, "approver_users"],
    [/^owner/, "owner"],
    [/^OIDC claims/, "oidc_claims"],
    [/^(oidc_claims|oidc_audience|oidc_binding|OIDC)/, "oidc_issuer"],
    [/^the bot needs a public key/, mode === "register" ? "public_key" : "oidc_issuer"],
  ];
  return starts.find(([re]) => re.test(message))?.[1] ?? "display_name";
}

/**
 * Checks a submission of the bot form. `register`: a new bot (id and key or OIDC issuer);
 * `edit`: the full settings of `before` as the form showed them (a blank optional field clears
 * the setting). Every problem is named, each under its own field.
 */
export async function checkBotForm(
  mode: BotFormMode,
  input: BotFormInput,
  ctx: SettingsContext,
  before?: ServiceItem,
): Promise<BotFormCheck> {
  const errors: FieldErrors = {};
  let base: ServiceItem;
  let keyId: string | undefined;
  if (mode === "register") {
    const id = (input.service_id ?? "").trim();
    const idProblem = id ? checkId("bot id", id) : "bot id is required";
    if (idProblem) errors.service_id = idProblem;
    base = { id, public_keys: [] };
    const keyText = (input.public_key ?? "").trim();
    const keyless = keyText === "" && (input.oidc_issuer ?? "").trim() !== "";
    if (keyless && (input.key_id ?? "").trim() !== "") {
      errors.key_id = "a key id is given without a public key";
    } else if (!keyless) {
      const key = await readPublicKey(keyText);
      if (!key.ok) {
        errors.public_key = key.error +
          (keyText === "" ? " (give one, or an OIDC issuer and claims for a keyless bot)" : "");
      }
      keyId = (input.key_id ?? "").trim() || `${id}-1`;
      const keyProblem = checkId("key id", keyId);
      if (keyProblem && !idProblem) errors.key_id = keyProblem;
      if (key.ok) base.public_keys = [{ key_id: keyId, public_key: key.raw, not_after: 0 }];
    }
  } else {
    base = { ...before! } as ServiceItem;
    for (const name of FORM_SETTINGS) delete (base as unknown as Record<string, unknown>)[name];
  }
  const settings = checkSettings(base, input, ctx, mode);
  if (!settings.ok) {
    for (const [field, problem] of Object.entries(settings.errors)) errors[field] ??= problem;
  } else if (Object.keys(errors).length === 0) {
    const identity = identityProblem(settings.item);
    if (identity) errors[problemField(identity, mode)] = identity;
  }
  if (Object.keys(errors).length > 0 || !settings.ok) return { ok: false, errors };
  return { ok: true, item: settings.item, ...(keyId ? { keyId } : {}) };
}

/** The errors as one line for the admin event's detail: `field: problem; …`. */
export function errorsText(errors: FieldErrors): string {
  return Object.entries(errors).map(([field, problem]) => `${field}: ${problem}`).join("; ");
}
