/**
 * Reproduces hosted Slack's `outgoingDomains` restriction for functions run in this process.
 *
 * On Slack, a function's `fetch` to a host that is not in the manifest's `outgoing_domains`
 * fails (Deno's `--allow-net` of exactly those hosts: a subdomain is not covered, any port is).
 * Locally the platform's process wraps `globalThis.fetch`: a request to a host outside the
 * allowed set throws `Deno.errors.NotCapable` before any connection is made. The SDK's Web API client uses undici,
 * not `globalThis.fetch`, so the guard only sees the app's own fetches — exactly the traffic
 * Slack restricts — and the local Web API stays reachable.
 *
 * Inside a handler (see `confine.ts`) the guard allows exactly the hosts of that handler's
 * platform. Outside handlers several platforms may run in one process (tests): each registers
 * its allowed hosts and the guard allows the union; the original `fetch` is restored when the
 * last one unregisters.
 *
 * @module
 */
import { currentConfinement } from "./confine.ts";

const registrations = new Map<symbol, Set<string>>();
let originalFetch: typeof fetch | undefined;

/** Lower-cased host name of a domain entry or URL host (port and brackets dropped). */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
}

/** True when `host` is one of `allowed` (exact host names, as Slack lists them). */
export function isAllowedHost(host: string, allowed: Iterable<string>): boolean {
  const wanted = normalizeHost(host);
  for (const entry of allowed) {
    if (normalizeHost(entry) === wanted) return true;
  }
  return false;
}

function requestUrl(input: string | URL | Request): URL | undefined {
  try {
    if (input instanceof Request) return new URL(input.url);
    return new URL(input instanceof URL ? input.href : input);
  } catch {
    return undefined;
  }
}

function guardedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = requestUrl(input);
  if (url && (url.protocol === "http:" || url.protocol === "https:")) {
    let allowed = currentConfinement()?.hosts;
    if (!allowed) {
      const union = new Set<string>();
      for (const hosts of registrations.values()) for (const host of hosts) union.add(host);
      allowed = union;
    }
    if (!isAllowedHost(url.hostname, allowed)) {
      return Promise.reject(
        new Deno.errors.NotCapable(
          `Cannot fetch "${url.origin}": "${url.hostname}" is not in the app's outgoing_domains`,
        ),
      );
    }
  }
  return originalFetch!(input, init);
}

/**
 * Allows `hosts` for app fetches until the returned function is called. Installs the guard on
 * first use.
 */
export function registerOutgoingDomains(hosts: Iterable<string>): () => void {
  const key = Symbol("outgoing-domains");
  registrations.set(key, new Set([...hosts].map(normalizeHost)));
  if (!originalFetch) {
    originalFetch = globalThis.fetch;
    globalThis.fetch = guardedFetch as typeof fetch;
  }
  return () => {
    registrations.delete(key);
    if (registrations.size === 0 && originalFetch) {
      globalThis.fetch = originalFetch;
      originalFetch = undefined;
    }
  };
}
