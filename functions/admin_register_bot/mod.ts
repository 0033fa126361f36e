import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { AdminRegisterBotFunction } from "./definition.ts";
import { checkAdmin, invalid } from "../_shared/admin.ts";
import { withSlackRetry } from "../_shared/slack_retry.ts";
import { register } from "./_register.ts";
import { botAttempt } from "../_shared/admin_form.ts";

/**
 * Registers a bot from the step's inputs (a Workflow Builder step; the link trigger's form is
 * `admin_register_bot_form`). Reports the first problem; every attempt is recorded in
 * admin_events. A bot with an OIDC issuer and claim patterns may have no key.
 */
export default SlackFunction(AdminRegisterBotFunction, async ({ inputs, client, env }) => {
  client = withSlackRetry(client);
  const id = (inputs.service_id ?? "").trim();
  const attempt = botAttempt(client, env, inputs.actor, "register_bot", id);
  const admin = await checkAdmin(attempt);
  if (!admin.ok) return admin.done;
  const done = await register(attempt, inputs);
  if (!("errors" in done)) return done;
  return await invalid(attempt, Object.values(done.errors)[0]);
});
