/**
 * Who the app admins are: user ids from `COUNTERSIGN_ADMIN_USERS` and/or the members of the
 * usergroup in `COUNTERSIGN_ADMIN_USERGROUP` (both set with `slack env add`; on the local
 * platform in `<data folder>/env`).
 *
 * @module
 */

/** Environment variable: comma- or space-separated user ids of app admins. */
export const ADMIN_USERS_ENV = "COUNTERSIGN_ADMIN_USERS";
/** Environment variable: id of a usergroup whose members are app admins. */
export const ADMIN_USERGROUP_ENV = "COUNTERSIGN_ADMIN_USERGROUP";

/** The configured admins. */
export interface AdminConfig {
  users: string[];
  usergroup?: string;
}

/** Reads the admin configuration from a function's `env`. Blank values mean "not configured". */
export function adminConfig(env: Readonly<Record<string, string | undefined>>): AdminConfig {
  const users = (env[ADMIN_USERS_ENV] ?? "").split(/[\s,]+/).filter((id) => id !== "");
  const usergroup = (env[ADMIN_USERGROUP_ENV] ?? "").trim();
  return { users: [...new Set(users)], ...(usergroup ? { usergroup } : {}) };
}
