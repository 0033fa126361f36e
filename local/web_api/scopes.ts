/**
 * Which bot scopes each Web API method needs, as Slack documents them, and Slack's
 * `missing_scope` answer for a token whose app's manifest lacks them.
 *
 * Source: each method's page, "Required scopes — Bot tokens"
 * (`https://api.slack.com/methods/<method>`, now `https://docs.slack.dev/reference/methods/<method>`);
 * the `triggers:*` scopes from https://api.slack.com/scopes/triggers:write ("Triggers created at
 * runtime by custom functions use your app's bot token … your app must have the triggers:write
 * scope"; triggers created through the CLI use the CLI's token). A method listing several scopes
 * accepts any one of them (Slack then needs the one for the kind of conversation; the platform
 * does not tell public from private channels, so any one will do). Slack's error carries the
 * scopes that would do as `needed` and the token's scopes as `provided`, both comma-separated.
 *
 * @module
 */
import { SlackError } from "./context.ts";

const CONVERSATION_READ = ["channels:read", "groups:read", "im:read", "mpim:read"] as const;

/** Bot scopes per method (any one suffices); `[]` is "No scope required". */
export const METHOD_SCOPES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "apps.datastore.bulkDelete": ["datastore:write"],
  "apps.datastore.bulkGet": ["datastore:read"],
  "apps.datastore.bulkPut": ["datastore:write"],
  "apps.datastore.count": ["datastore:read"],
  "apps.datastore.delete": ["datastore:write"],
  "apps.datastore.get": ["datastore:read"],
  "apps.datastore.put": ["datastore:write"],
  "apps.datastore.query": ["datastore:read"],
  "apps.datastore.update": ["datastore:write"],
  "auth.test": [],
  "chat.delete": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  "chat.postMessage": ["chat:write"],
  "chat.update": ["chat:write"],
  "conversations.info": CONVERSATION_READ,
  "conversations.list": CONVERSATION_READ,
  "conversations.members": CONVERSATION_READ,
  "conversations.open": ["channels:manage", "groups:write", "im:write", "mpim:write"],
  "functions.completeError": [],
  "functions.completeSuccess": [],
  "usergroups.list": ["usergroups:read"],
  "usergroups.users.list": ["usergroups:read"],
  "users.info": ["users:read"],
  "users.list": ["users:read"],
  "users.lookupByEmail": ["users:read.email"],
  "views.open": [],
  "views.push": [],
  "views.update": [],
  "workflows.triggers.create": ["triggers:write"],
  "workflows.triggers.delete": ["triggers:write"],
  "workflows.triggers.list": ["triggers:read"],
  "workflows.triggers.update": ["triggers:write"],
});

/** The scope that lets `users.*` answers carry `profile.email`. */
export const EMAIL_SCOPE = "users:read.email";

/**
 * Refuses a call the way Slack does when `granted` (the app's bot scopes) has none of the
 * method's scopes. A method missing from the table is refused too: every method the platform
 * serves must say what it needs (`scopes_test.ts` checks the table covers `METHODS`).
 *
 * @throws SlackError `missing_scope` with `needed` and `provided`.
 */
export function checkScopes(method: string, granted: readonly string[]): void {
  const needed = Object.hasOwn(METHOD_SCOPES, method) ? METHOD_SCOPES[method] : undefined;
  if (needed && (needed.length === 0 || needed.some((s) => granted.includes(s)))) return;
  throw new SlackError("missing_scope", {
    needed: (needed ?? ["unknown"]).join(","),
    provided: granted.join(","),
  });
}

/** The manifest's bot scopes (`oauth_config.scopes.bot`, what `botScopes` becomes). */
export function manifestBotScopes(manifest: unknown): string[] {
  const bot = (manifest as { oauth_config?: { scopes?: { bot?: unknown } } } | undefined)
    ?.oauth_config?.scopes?.bot;
  return Array.isArray(bot) ? bot.map(String) : [];
}
