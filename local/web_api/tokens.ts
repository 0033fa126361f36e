/**
 * The Web API's token table: the app's bot token plus every workflow token issued to a function
 * execution. Workflow tokens live in storage (see `runtime/state.ts`); the table looks them up
 * on demand, so tokens stay valid across restarts without being registered one by one.
 *
 * @module
 */
import type { Caller } from "./mod.ts";
import type { RuntimeState } from "../runtime/state.ts";

/**
 * A `Record<token, Caller>` view (what `createWebApi` takes) backed by `state`: the bot token
 * and every issued workflow token authenticate as the bot.
 */
export function tokenTable(
  state: Pick<RuntimeState, "executionForToken">,
  botToken: string,
  bot: Caller,
): Record<string, Caller> {
  const resolve = (token: string | symbol): Caller | undefined =>
    typeof token === "string" &&
      (token === botToken || state.executionForToken(token) !== undefined)
      ? bot
      : undefined;
  return new Proxy({} as Record<string, Caller>, {
    get: (_target, key) => resolve(key),
    has: (_target, key) => resolve(key) !== undefined,
    getOwnPropertyDescriptor: (_target, key) => {
      const caller = resolve(key);
      return caller
        ? { value: caller, writable: false, enumerable: true, configurable: true }
        : undefined;
    },
  });
}
