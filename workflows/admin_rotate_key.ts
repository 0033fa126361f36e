import { Schema } from "deno-slack-sdk/mod.ts";
import { AdminRotateKeyFunction } from "../functions/admin_rotate_key/definition.ts";
import { defineAdminWorkflow } from "./admin_workflow.ts";

/** Link-trigger workflow: add a bot's new key; the old one ends after the chosen overlap. */
export const AdminRotateKeyWorkflow = defineAdminWorkflow({
  callback_id: "admin_rotate_key",
  title: "Rotate a bot's key",
  description: "Admins: add a new key; the old one keeps working for the overlap",
  formTitle: "Rotate a bot's key",
  submitLabel: "Rotate",
  fields: [
    { name: "service_id", title: "Bot id", type: Schema.types.string },
    {
      name: "public_key",
      title: "New public key",
      type: Schema.types.string,
      long: true,
      description: "Raw base64 or PEM public key",
    },
    { name: "key_id", title: "New key id", type: Schema.types.string },
    {
      name: "overlap_minutes",
      title: "Overlap (minutes)",
      type: Schema.types.integer,
      description: "How long the old key stays valid (default 60; 0 = stops now)",
    },
  ],
  required: ["service_id", "public_key", "key_id"],
  fn: AdminRotateKeyFunction,
});
