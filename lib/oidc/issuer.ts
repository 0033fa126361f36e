/**
 * OIDC issuer discovery and JWKS, fetched only inside the app's outgoing domains and cached.
 *
 * - Discovery: `GET <issuer>/.well-known/openid-configuration`; its `issuer` must equal the
 *   registered issuer exactly and its `jwks_uri` must have the issuer's origin (scheme, host and
 *   port): whoever can answer on another port or host of the allowed domains must not be able to
 *   choose the keys.
 * - Cache: per issuer, for the JWKS response's `Cache-Control: max-age` clamped to
 *   1 minute … 24 hours (1 hour when absent). An expired entry is fetched again; when that fails,
 *   verification fails closed (`oidc_issuer_unreachable`).
 * - Failures: a failed discovery or JWKS fetch is remembered for {@linkcode FAILURE_CACHE_MS}
 *   per issuer, so a down or hanging issuer costs one fetch (at most {@linkcode FETCH_TIMEOUT_MS})
 *   per window instead of one per request.
 * - Unknown `kid`: the caller may force one refresh, at most once per
 *   {@linkcode MIN_FORCED_REFRESH_MS} per issuer, so a stream of tokens with made-up key ids
 *   cannot turn Countersign into a request amplifier against the issuer.
 *
 * @module
 */
import { checkCallbackUrl } from "../callback/domain.ts";
import { quote } from "../contract/text.ts";
import { type IssuerKeys, type PublicJwk, publicSigningKey, ttlFrom } from "./jwks.ts";

/** A failed {@linkcode IssuerCache.get}. */
export type IssuerFailure = {
  ok: false;
  code: "oidc_issuer_unreachable" | "oidc_issuer_not_allowed";
  detail: string;
};

/** Result of {@linkcode IssuerCache.get}. */
export type IssuerKeysResult = { ok: true; keys: IssuerKeys } | IssuerFailure;

/** Shortest interval between two forced (unknown `kid`) refreshes of one issuer. */
export const MIN_FORCED_REFRESH_MS = 30_000;
/**
 * How long a failed discovery or JWKS fetch is remembered (negative cache): requests within it
 * fail at once with the same reason. Short, so an issuer that recovers is used again quickly.
 */
export const FAILURE_CACHE_MS = 30_000;
/** Largest discovery or JWKS document read. */
export const MAX_DOCUMENT_BYTES = 256 * 1024;
/** Time limit of one fetch. */
export const FETCH_TIMEOUT_MS = 5_000;

/** Makes one HTTP GET: the caller's `fetch` (this module does no I/O of its own). */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Options of {@linkcode IssuerCache}. */
export interface IssuerCacheOptions {
  /** Fetches discovery and JWKS (the function's `fetch`, looked up at call time). */
  fetch: Fetch;
  /** Clock in Unix milliseconds. */
  now?: () => number;
}

/** Where an issuer may be fetched from: the manifest's domains and the run-time extras. */
export interface DomainRules {
  allowed: readonly string[];
  extra: readonly string[];
}

/** The cache of discovery + JWKS per issuer. One per isolate is enough. */
export class IssuerCache {
  #entries = new Map<string, IssuerKeys>();
  #failures = new Map<string, { result: IssuerFailure; until: number }>();
  #inflight = new Map<string, Promise<IssuerKeysResult>>();
  #fetch: Fetch;
  #now: () => number;

  constructor(options: IssuerCacheOptions) {
    this.#fetch = options.fetch;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The issuer's keys, from the cache while fresh. With `forceRefresh` (an unknown `kid`) the
   * documents are fetched again unless they were fetched less than
   * {@linkcode MIN_FORCED_REFRESH_MS} ago.
   */
  async get(
    issuer: string,
    domains: DomainRules,
    forceRefresh = false,
  ): Promise<IssuerKeysResult> {
    const allowed = checkFetchUrl(issuer, domains, "issuer");
    if (!allowed.ok) return allowed;
    const now = this.#now();
    const cached = this.#entries.get(issuer);
    if (cached && now < cached.expiresAt) {
      const recent = now - cached.fetchedAt < MIN_FORCED_REFRESH_MS;
      if (!forceRefresh || recent) return { ok: true, keys: cached };
    }
    const failed = this.#failures.get(issuer);
    if (failed && now < failed.until) {
      // A forced refresh of a cached issuer keeps its keys; anything else fails as before.
      if (cached && now < cached.expiresAt) return { ok: true, keys: cached };
      const left = Math.ceil((failed.until - now) / 1000);
      return {
        ...failed.result,
        detail: `${failed.result.detail} (remembered: the issuer is not asked again for ${left} s)`,
      };
    }
    // Concurrent verifications of one issuer share a single fetch.
    let pending = this.#inflight.get(issuer);
    if (!pending) {
      pending = this.#load(issuer, domains).then((result) => {
        if (result.ok) this.#failures.delete(issuer);
        else this.#failures.set(issuer, { result, until: this.#now() + FAILURE_CACHE_MS });
        return result;
      }).finally(() => this.#inflight.delete(issuer));
      this.#inflight.set(issuer, pending);
    }
    return await pending;
  }

  /** Forgets every cached issuer (tests). */
  clear(): void {
    this.#entries.clear();
    this.#failures.clear();
  }

  async #load(issuer: string, domains: DomainRules): Promise<IssuerKeysResult> {
    const discoveryUrl = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
    const discovery = await this.#getJson(discoveryUrl, domains, "discovery document");
    if (!discovery.ok) return discovery;
    const doc = discovery.json as Record<string, unknown>;
    if (doc.issuer !== issuer) {
      return unreachable(
        `the discovery document of ${quote(issuer, 120)} names issuer ` +
          `${quote(String(doc.issuer ?? "(none)"), 120)}; they must be identical`,
      );
    }
    if (typeof doc.jwks_uri !== "string") {
      return unreachable(`the discovery document of ${quote(issuer, 120)} has no jwks_uri`);
    }
    if (originOf(doc.jwks_uri) !== originOf(issuer)) {
      return {
        ok: false,
        code: "oidc_issuer_not_allowed",
        detail: `Cannot fetch the OIDC JWKS: its URL ${quote(doc.jwks_uri, 120)} is not on the ` +
          `issuer's origin ${quote(originOf(issuer) ?? issuer, 120)} (scheme, host and port must ` +
          "be the same)",
      };
    }
    const jwks = await this.#getJson(doc.jwks_uri, domains, "JWKS");
    if (!jwks.ok) return jwks;
    const rawKeys = (jwks.json as { keys?: unknown }).keys;
    if (!Array.isArray(rawKeys)) {
      return unreachable(`the JWKS at ${quote(doc.jwks_uri, 120)} has no "keys" array`);
    }
    const algs = doc.id_token_signing_alg_values_supported;
    const now = this.#now();
    const entry: IssuerKeys = {
      issuer,
      jwksUri: doc.jwks_uri,
      keys: rawKeys.map(publicSigningKey).filter((k): k is PublicJwk => k !== undefined),
      discoveryAlgorithms: Array.isArray(algs)
        ? algs.filter((a): a is string => typeof a === "string")
        : [],
      fetchedAt: now,
      expiresAt: now + ttlFrom(jwks.cacheControl),
    };
    this.#entries.set(issuer, entry);
    return { ok: true, keys: entry };
  }

  async #getJson(
    url: string,
    domains: DomainRules,
    what: string,
  ): Promise<
    | { ok: true; json: unknown; cacheControl: string | null }
    | IssuerFailure
  > {
    const allowed = checkFetchUrl(url, domains, what);
    if (!allowed.ok) return allowed;
    let text: string;
    let cacheControl: string | null;
    try {
      const res = await this.#fetch(url, {
        headers: { accept: "application/json" },
        // A redirect could leave the allowed domains: refuse it rather than follow.
        redirect: "error",
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (!res.ok) {
        await res.body?.cancel();
        return unreachable(`GET ${quote(url, 120)} answered HTTP ${res.status}`);
      }
      cacheControl = res.headers.get("cache-control");
      text = await readLimited(res, MAX_DOCUMENT_BYTES);
    } catch (error) {
      return unreachable(`GET ${quote(url, 120)} failed: ${(error as Error).message}`);
    }
    try {
      const json = JSON.parse(text);
      if (typeof json !== "object" || json === null || Array.isArray(json)) throw new Error();
      return { ok: true, json, cacheControl };
    } catch {
      return unreachable(`the ${what} at ${quote(url, 120)} is not a JSON object`);
    }
  }
}

function unreachable(detail: string): IssuerFailure {
  return { ok: false, code: "oidc_issuer_unreachable", detail: `Cannot reach issuer: ${detail}` };
}

/** The origin of a URL (`null` when it is not one). */
function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The outgoing-domain rule of callbacks (`checkCallbackUrl`), reused for issuer fetches. */
function checkFetchUrl(
  url: string,
  domains: DomainRules,
  what: string,
): { ok: true } | IssuerFailure {
  const check = checkCallbackUrl(url, domains.allowed, domains.extra);
  if (check.ok) return { ok: true };
  const why = check.reason.replace(/^Cannot call back: (callback URL )?/, "");
  return {
    ok: false,
    code: "oidc_issuer_not_allowed",
    detail: `Cannot fetch the OIDC ${what}: ${why}`,
  };
}

async function readLimited(res: Response, max: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error(`the document is larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}
