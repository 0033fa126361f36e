/**
 * The common opening of an admin action on an existing bot.
 *
 * @module
 */
import type { ServiceItem } from "./bot.ts";
import {
  type AdminAttempt,
  type AdminReturn,
  checkAdmin,
  failure,
  invalid,
  readService,
} from "./slack.ts";

/**
 * Runs the admin check, requires the bot id (`attempt.targetId`) and reads the bot. Every refusal
 * is recorded by the helpers it calls; on failure `done` is the function's return value.
 */
export async function openBotAttempt(
  attempt: AdminAttempt,
): Promise<{ ok: true; before: ServiceItem } | { ok: false; done: AdminReturn }> {
  const admin = await checkAdmin(attempt);
  if (!admin.ok) return admin;
  const id = attempt.targetId ?? "";
  if (!id) return { ok: false, done: await invalid(attempt, "bot id is required") };
  let before: ServiceItem | undefined;
  try {
    before = await readService(attempt.client, id);
  } catch (error) {
    return { ok: false, done: failure(attempt.label, "reading the services datastore", error) };
  }
  if (!before) {
    return { ok: false, done: await invalid(attempt, "no bot is registered with this id") };
  }
  return { ok: true, before };
}
