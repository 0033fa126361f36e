/**
 * The admin check every admin function runs first. The usergroup lookup is injected so the
 * decision logic is tested without HTTP; the functions pass `usergroups.users.list`.
 *
 * @module
 */
import { quote } from "../contract/text.ts";
import { ADMIN_USERGROUP_ENV, ADMIN_USERS_ENV, type AdminConfig } from "./config.ts";

/** Result of a usergroup member lookup. */
export type MembersLookup = { ok: true; users: string[] } | { ok: false; error: string };

/** Result of {@linkcode authorizeAdmin}. */
export type Authorization =
  | { ok: true; via: "user_list" | "usergroup" }
  | { ok: false; reason: string };

/**
 * Decides whether `actor` may run admin action `action` (words such as "register bot", used in
 * the refusal message). Fails closed: no actor, no admins configured, or a usergroup that cannot
 * be read all refuse.
 */
export async function authorizeAdmin(
  action: string,
  actor: string | undefined,
  config: AdminConfig,
  members: (usergroup: string) => Promise<MembersLookup>,
): Promise<Authorization> {
  const refuse = (why: string): Authorization => ({
    ok: false,
    reason: `Cannot ${action}: ${why}`,
  });
  if (!actor) {
    return refuse(
      "no acting user was given (map the step's actor to the person who started the workflow)",
    );
  }
  if (config.users.length === 0 && !config.usergroup) {
    return refuse(
      `no Countersign admins are configured; set \`${ADMIN_USERS_ENV}\` or \`${ADMIN_USERGROUP_ENV}\` ` +
        "with `slack env add`",
    );
  }
  if (config.users.includes(actor)) return { ok: true, via: "user_list" };
  if (config.usergroup) {
    const found = await members(config.usergroup);
    if (!found.ok) {
      return refuse(
        `the admin usergroup ${quote(config.usergroup)} cannot be read (${found.error}), ` +
          `so user ${quote(actor)} cannot be confirmed as an admin`,
      );
    }
    if (found.users.includes(actor)) return { ok: true, via: "usergroup" };
  }
  return refuse(
    `user ${quote(actor)} is not a Countersign admin (admins are listed in \`${ADMIN_USERS_ENV}\`` +
      `${config.usergroup ? ` or are members of usergroup ${quote(config.usergroup)}` : ""})`,
  );
}
