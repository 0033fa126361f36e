/**
 * The Web API's token table: the app's bot token, every workflow token issued to a function
 * execution, and the platform's own token. Workflow tokens live in storage (see
 * `runtime/state.ts`); the table looks them up on demand, so tokens stay valid across restarts
 * without being registered one by one.
 *
 * @module
 */
import type { Caller } from "./mod.ts";
import type { RuntimeState } from "../runtime/state.ts";

/** Options of {@linkcode tokenTable}. */
export interface TokenTableOptions {
  /** The app's bot scopes: the bot and workflow tokens are gated by them (default: ungated). */
  scopes?: readonly string[];
  /**
   * The platform's own token: authenticates as the bot without scope gating or execution
   * binding, as Slack runs its built-in functions and the CLI creates triggers with its own.
   */
  platformToken?: string;
}

/**
 * A `Record<token, Caller>` view (what `createWebApi` takes) backed by `state`: the bot token
 * and every issued workflow token authenticate as the bot, carrying the app's scopes and, for a
 * workflow token, the execution it names.
 */
export function tokenTable(
  state: Pick<RuntimeState, "executionForToken">,
  botToken: string,
  bot: Caller,
  opts: TokenTableOptions = {},
): Record<string, Caller> {
  const scoped = opts.scopes ? { scopes: opts.scopes } : {};
  const resolve = (token: string | symbol): Caller | undefined => {
    if (typeof token !== "string") return undefined;
    if (token === opts.platformToken) return bot;
    if (token === botToken) return { ...bot, ...scoped, token_type: "bot" };
    const executionId = state.executionForToken(token);
    if (executionId === undefined) return undefined;
    return { ...bot, ...scoped, token_type: "workflow", execution_id: executionId };
  };
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
