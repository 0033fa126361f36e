/**
 * The outgoing-domain check for callback URLs: performed before any fetch so that a URL outside
 * the allowed domains is refused and recorded, never contacted.
 *
 * @module
 */
import { truncate } from "../render/mrkdwn.ts";

/** Hosts that reach this machine; plain http to them is allowed only when listed explicitly. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1)$/;

/**
 * Lower-cased, without a trailing dot or IPv6 brackets. A `*.` wildcard is kept as written and so
 * matches no host: Slack grants `--allow-net` for exactly the listed hosts.
 */
function normHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
}

/** Parses a comma- or space-separated domain list (e.g. the extra-domains env variable). */
export function parseDomainList(value: string | undefined): string[] {
  return (value ?? "").split(/[\s,]+/).map(normHost).filter((d) => d.length > 0);
}

/**
 * Whether `host` is exactly `domain` (case and a trailing dot aside). A subdomain does not match:
 * hosted Slack runs functions with Deno's `--allow-net` of the exact `outgoingDomains` hosts, so
 * `hooks.example.com` needs its own entry even when `example.com` is listed (docs/slack_rules.md).
 */
export function hostMatches(host: string, domain: string): boolean {
  const d = normHost(domain);
  return d.length > 0 && normHost(host) === d;
}

/** Result of checking a callback URL. */
export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * Checks a callback URL against the allowed domains. https is required, except for loopback
 * hosts that appear in `extra` (the local platform's demo receiver).
 *
 * @param raw the callback URL from the service record
 * @param allowed the manifest's outgoing domains
 * @param extra extra domains from the environment
 */
export function checkCallbackUrl(
  raw: string,
  allowed: readonly string[],
  extra: readonly string[],
): UrlCheck {
  const shown = `"${truncate(String(raw), 200)}"`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `Cannot call back: callback URL ${shown} is not a valid URL` };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      reason: `Cannot call back: callback URL ${shown} must not carry credentials`,
    };
  }
  const host = normHost(url.hostname);
  const extraHosts = extra.map(normHost);
  if (url.protocol === "http:") {
    if (!(LOOPBACK.test(host) && extraHosts.includes(host))) {
      return { ok: false, reason: `Cannot call back: callback URL ${shown} must use https` };
    }
  } else if (url.protocol !== "https:") {
    return { ok: false, reason: `Cannot call back: callback URL ${shown} must use https` };
  }
  const domains = [...allowed.map(normHost), ...extraHosts];
  if (!domains.some((d) => hostMatches(host, d))) {
    return {
      ok: false,
      reason: `Cannot call back: host "${
        truncate(host, 200)
      }" is not in the app's outgoing domains (${domains.join(", ")})`,
    };
  }
  return { ok: true, url };
}
