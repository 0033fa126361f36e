/**
 * The common opening of an admin action on an existing bot or rule.
 *
 * @module
 */
import type { ServiceItem } from "../../lib/admin/service_item.ts";
import {
  type AdminAttempt,
  type AdminReturn,
  checkAdmin,
  failure,
  invalid,
  readService,
} from "./admin.ts";

/**
 * Runs the admin check and requires the target id (`attempt.targetId`, named `idName` in the
 * refusal). Refusals are recorded; on failure `done` is the function's return value.
 */
export async function openAdminAttempt(
  attempt: AdminAttempt,
  idName: string,
): Promise<{ ok: true } | { ok: false; done: AdminReturn }> {
  const admin = await checkAdmin(attempt);
  if (!admin.ok) return admin;
  if (!attempt.targetId) {
    return { ok: false, done: await invalid(attempt, `${idName} is required`) };
  }
  return { ok: true };
}

/**
 * Runs the admin check, requires the bot id (`attempt.targetId`) and reads the bot. Every refusal
 * is recorded by the helpers it calls; on failure `done` is the function's return value.
 */
export async function openBotAttempt(
  attempt: AdminAttempt,
): Promise<{ ok: true; before: ServiceItem } | { ok: false; done: AdminReturn }> {
  const opened = await openAdminAttempt(attempt, "bot id");
  if (!opened.ok) return opened;
  const id = attempt.targetId ?? "";
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
