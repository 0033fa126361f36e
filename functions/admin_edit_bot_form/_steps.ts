/**
 * The edit form's steps (pure): the first view asks which bot, the second is the bot form with
 * the bot's current settings. The step and the bot id travel in the view's `private_metadata`
 * (Slack's limit: 3000 characters; ours is a few dozen).
 *
 * @module
 */
import { FORM_ACTION_ID } from "../../lib/admin/bot_form.ts";

/** Where a submission of the edit form comes from. */
export type EditStep = { step: "pick" } | { step: "edit"; id: string };

/** Encodes the step for `private_metadata`. */
export function encodeStep(step: EditStep): string {
  return JSON.stringify(step);
}

/** Decodes `private_metadata`; anything unexpected is the first step (nothing trusted). */
export function decodeStep(metadata: unknown): EditStep {
  try {
    const parsed = JSON.parse(String(metadata ?? ""));
    if (parsed?.step === "edit" && typeof parsed.id === "string" && parsed.id.length <= 64) {
      return { step: "edit", id: parsed.id };
    }
  } catch {
    // not ours: start again
  }
  return { step: "pick" };
}

/** The first view: which bot to edit (the overview lists the ids). */
export function pickView(callbackId: string): Record<string, unknown> {
  return {
    type: "modal",
    callback_id: callbackId,
    title: { type: "plain_text", text: "Edit a bot" },
    submit: { type: "plain_text", text: "Next" },
    close: { type: "plain_text", text: "Cancel" },
    notify_on_close: true,
    private_metadata: encodeStep({ step: "pick" }),
    blocks: [{
      type: "input",
      block_id: "service_id",
      label: { type: "plain_text", text: "Bot id" },
      hint: { type: "plain_text", text: "The bot's id (List bots and policy rules shows them)" },
      element: { type: "plain_text_input", action_id: FORM_ACTION_ID, max_length: 64 },
    }],
  };
}
