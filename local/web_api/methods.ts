/**
 * The Web API's method table: every supported Slack method by its Slack name.
 *
 * @module
 */
import { authMethods } from "./auth.ts";
import { chatMethods } from "./chat.ts";
import type { Method } from "./context.ts";
import { conversationMethods } from "./conversations.ts";
import { datastoreMethods } from "./datastore.ts";
import { functionMethods } from "./functions.ts";
import { triggerMethods } from "./triggers.ts";
import { viewMethods } from "./views.ts";

/** All methods, `(ctx, args) => result`, keyed by Slack method name. */
export const METHODS: Readonly<Record<string, Method>> = Object.freeze({
  ...authMethods,
  ...chatMethods,
  ...conversationMethods,
  ...datastoreMethods,
  ...functionMethods,
  ...triggerMethods,
  ...viewMethods,
});
