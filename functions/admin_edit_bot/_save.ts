/**
 * Saving an edited bot, shared by the Workflow Builder step (`admin_edit_bot`) and the form
 * (`admin_edit_bot_form`): the diff, the write and the admin event.
 *
 * @module
 */
import type { ServiceItem } from "../../lib/admin/bot.ts";
import { changedNames, diffItems } from "../../lib/admin/diff.ts";
import {
  type AdminAttempt,
  type AdminReturn,
  failure,
  finish,
  invalid,
  writeService,
} from "../_shared/admin.ts";
import { quote } from "../../lib/contract/text.ts";

/** Writes `after` over `before` and records the diff; "nothing to change" when they are equal. */
export async function save(
  attempt: AdminAttempt,
  before: ServiceItem,
  after: ServiceItem,
): Promise<AdminReturn> {
  const changes = diffItems(
    before as unknown as Record<string, unknown>,
    after as unknown as Record<string, unknown>,
  );
  if (changes.length === 0) {
    return await invalid(attempt, "nothing to change: every given setting equals the current one");
  }
  const item: ServiceItem = { ...after, updated_by: attempt.actor, updated_at: Date.now() };
  try {
    await writeService(attempt.client, item);
  } catch (error) {
    return failure(attempt.label, "writing the services datastore", error);
  }
  return await finish(attempt, {
    result: "applied",
    detail: `Edited bot ${quote(before.id)}: changed ${changedNames(changes)}`,
    before: before as unknown as Record<string, unknown>,
    after: item as unknown as Record<string, unknown>,
  });
}
