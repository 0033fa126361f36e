/**
 * Stand-in for Slack's protocol interface (`jsr:@slack/protocols`, `deno_slack_protocols`): the
 * default protocol, where a hook's response is printed on stdout and logs go to the console.
 *
 * @module
 */

/** What hooks and the runtime call on a protocol. */
export interface Protocol {
  name: string;
  log: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
  respond: (data: string) => void;
  getCLIFlags?: () => string[];
}

/** The default protocol (no message boundaries). */
export function getProtocolInterface(_args: string[]): Protocol {
  return {
    name: "default",
    log: console.log,
    warn: console.warn,
    error: console.error,
    respond: (data: string) => console.log(data),
  };
}
