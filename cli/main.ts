/**
 * Countersign client CLI: `deno task cli <command> [flags]`.
 *
 * Errors print `error: Cannot …` to stderr and exit 1 (2 for no or an unknown command, with the
 * usage); `--debug` adds the stack.
 *
 * @module
 */
import { type FlagSpec, parseFlags } from "./_args.ts";
import { keygen, KEYGEN_FLAGS } from "./keygen.ts";
import { pubkey, PUBKEY_FLAGS } from "./pubkey.ts";
import { receive, RECEIVE_FLAGS } from "./receive.ts";
import { REQUEST_FLAGS } from "./request.ts";
import { report, REPORT_FLAGS } from "./report.ts";
import { send, sign } from "./sign.ts";
import { EXPORT_FLAGS, exportAudit } from "./export.ts";
import { VERIFY_FLAGS, verifyAudit } from "./verify.ts";
import { request, REQUEST_WAIT_FLAGS, wait, WAIT_FLAGS, waitAndReport } from "./wait.ts";
import { WITHDRAW_FLAGS, withdrawCommand } from "./withdraw.ts";
import { mcp, MCP_FLAGS } from "./mcp.ts";
import { attest, ATTEST_FLAGS } from "./attest.ts";

/** Usage text. */
export const USAGE = `Usage: deno task cli <command> [flags]

Commands:
  keygen  --out FILE [--service ID] [--key-id ID] [--force] [--json]
          Generate an Ed25519 key pair: private key to FILE (mode 0600), public key printed.
  pubkey  --key FILE [--pem | --pkcs8]
          Print the public key of a private key file (--pkcs8: the private key as PKCS#8 base64,
          the form COUNTERSIGN_SIGNING_KEY takes).
  sign    --key FILE --service ID --key-id ID --action A --resource R --environment E
          --reason TEXT [--triggered-by WHO] [--source-system S] [--source-url URL]
          [--condition k=v]... [--request-id ID] [--timestamp UNIX_SECONDS]
          [--break-glass JUSTIFICATION] (bots registered for break-glass only)
          [--oidc-token TOKEN | --oidc-token-file FILE]
          Print the signed JSON request body. With an OIDC token (docs/oidc.md) --key and
          --key-id may be left out: the token alone proves the bot (keyless).
  send    --url WEBHOOK_URL  (same flags as sign) [--print]
          POST the signed request to the webhook trigger and print the response.
  request --url WEBHOOK_URL (same flags as sign) [--wait (--relay URL | --listen [HOST:]PORT)
          --app-public-key KEY [--timeout SECONDS]] [--json]
          Send the signed request; with --wait, wait for the decision through the relay, verify
          it and exit 0 approved / auto-approved, 2 denied, 3 rejected, 4 expired, 5 withdrawn,
          6 still pending at --timeout (default 3600; Ctrl+C too), 1 error (docs/relay.md).
          Ctrl+C offers to withdraw the request (--withdraw-on-interrupt: without asking).
          The relay and key may come from COUNTERSIGN_RELAY_URL, COUNTERSIGN_APP_PUBLIC_KEY.
          --listen: a reachable caller receives the callback itself (its callback URL).
  wait    'SERVICE|REQUEST_ID' --key FILE --key-id ID --relay URL --app-public-key KEY
          [--timeout SECONDS] [--json]
          Pick up a decision later (after a timeout); same exit codes as request --wait.
  withdraw 'SERVICE|REQUEST_ID' --url WEBHOOK_URL --key FILE --key-id ID [--reason TEXT]
          [--relay URL --app-public-key KEY [--timeout SECONDS]] [--json]
          Withdraw your own pending request; with --relay, wait for its decision (5 withdrawn,
          or the outcome it already had).
  mcp     --url WEBHOOK_URL --key FILE --service ID --key-id ID --relay URL
          --app-public-key KEY [--wait-seconds N]
          MCP server over stdio for AI agents: tools request_approval, wait_for_decision,
          get_decision (docs/mcp.md). Every flag may come from the environment instead.
  receive --port N --public-key KEY_OR_FILE --service ID... [--json]
          Run a demo callback receiver on 127.0.0.1:N printing verified decisions for the
          named service(s); another service's callbacks are refused.
  report  [--from DATE] [--to DATE] (--url LOCAL_PLATFORM_URL | --token TOKEN [--api-url URL])
          [--out FILE.svg] [--data DIR] [--json]
          Decision metrics (default: the last 7 days) and an SVG chart: --out (relative to the
          folder you run in), else countersign-report.svg in the local platform's data folder
          (--data, default .countersign/) when it exists, else in the current folder.
          DATE: YYYY-MM-DD (UTC; --to includes that day), ISO date-time or Unix ms. The token
          may come from COUNTERSIGN_SLACK_TOKEN instead.
  export  (--url PLATFORM_OR_SLACK_API_URL [--app-id A…] | --from-file SLACK_QUERY_FILE)
          [--format jsonl|csv] [--out FILE] [--datastore decisions|admin_events]...
          [--seal-key FILE | --no-seal] [--public-key KEY] [--data DIR] [--page-size N]
          Stream the audit log (every page, no 10,000 cap). Token: COUNTERSIGN_SLACK_TOKEN (or
          --token); on the local platform read from DIR/platform.db (default .countersign).
  verify  FILE [--public-key KEY_OR_FILE]... [--previous OLD_EXPORT] [--json] [--allow-unsealed]
          Check an export: names every modified, forged, moved or missing record by line and id,
          and with --previous the records of an earlier export that are gone. An export without
          a seal (export --no-seal) fails unless --allow-unsealed is given.
  attest  DECISION_ID (--url PLATFORM_OR_SLACK_API_URL | --from-export AUDIT.jsonl) [--out FILE]
          [--key APP_KEY_FILE] [--request SIGNED_REQUEST.json] [--data DIR]
          Export a final decision as a DSSE-signed in-toto attestation (docs/attestations.md).
  attest verify FILE --public-key KEY_OR_FILE [--subject sha256:HEX]...
          [--require-outcome approved[,auto_approved]] [--max-age 2h] [--json]
          Check an attestation offline; exits 1 naming the reason on any failure.
  attest digest REQUEST.json
          Print a signed request's digest (sha256:HEX), the subject to require.

Global flags: --debug (show stack traces), --help`;

interface Command {
  flags: FlagSpec;
  /** Resolves to the exit code, or nothing for 0. */
  run: (flags: ReturnType<typeof parseFlags>, positional: string[]) => Promise<void | number>;
  /** Takes leading arguments that are not flags (e.g. `verify FILE`). */
  positional?: boolean;
}

const COMMANDS: Record<string, Command> = {
  keygen: { flags: KEYGEN_FLAGS, run: keygen },
  pubkey: { flags: PUBKEY_FLAGS, run: pubkey },
  sign: { flags: REQUEST_FLAGS, run: sign },
  send: { flags: REQUEST_FLAGS, run: send },
  request: { flags: REQUEST_WAIT_FLAGS, run: request },
  wait: { flags: WAIT_FLAGS, run: wait, positional: true },
  withdraw: {
    flags: WITHDRAW_FLAGS,
    run: (flags, positional) => withdrawCommand(flags, positional, waitAndReport),
    positional: true,
  },
  mcp: { flags: MCP_FLAGS, run: mcp },
  receive: { flags: RECEIVE_FLAGS, run: receive },
  report: { flags: REPORT_FLAGS, run: report },
  export: { flags: EXPORT_FLAGS, run: exportAudit },
  verify: { flags: VERIFY_FLAGS, run: verifyAudit, positional: true },
  attest: { flags: ATTEST_FLAGS, run: attest, positional: true },
};

/** Runs the CLI with `args`; returns the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  const debug = args.includes("--debug");
  try {
    const [name, ...rest] = args;
    if (name === "help" || name === "--help") {
      console.log(USAGE);
      return 0;
    }
    // No command is a mistake (a script calling the CLI wrongly must not pass): usage goes to
    // stderr and the exit is 2, the usual code for a usage error.
    if (!name) {
      console.error(`error: Cannot run: no command given\n\n${USAGE}`);
      return 2;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) {
      console.error(
        `error: Cannot run command ${JSON.stringify(name)}: unknown command; one of ` +
          `${Object.keys(COMMANDS).join(", ")} (see --help)`,
      );
      return 2;
    }
    const positional: string[] = [];
    while (command.positional && rest.length > 0 && !rest[0].startsWith("--")) {
      positional.push(rest.shift()!);
    }
    const flags = parseFlags(rest, command.flags);
    if (flags.booleans.has("help")) {
      console.log(USAGE);
      return 0;
    }
    return (await command.run(flags, positional)) ?? 0;
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    console.error(`error: ${err.message}`);
    if (debug && err.stack) console.error(err.stack);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
