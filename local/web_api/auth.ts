/**
 * auth.test: who the token belongs to.
 *
 * @module
 */
import type { Method } from "./context.ts";

/** auth.* methods by Slack name. */
export const authMethods: Record<string, Method> = {
  "auth.test": (ctx) => {
    const user = ctx.storage.getUser(ctx.caller.user_id);
    return {
      url: `${new URL(ctx.baseUrl).origin}/`,
      team: "Local workspace",
      user: user?.name ?? ctx.caller.user_id,
      team_id: ctx.caller.team_id,
      user_id: ctx.caller.user_id,
      ...(user?.is_bot ? { bot_id: `B${ctx.caller.user_id.slice(1)}` } : {}),
      is_enterprise_install: false,
    };
  },
};
