/**
 * A local OIDC issuer for tests and demos: discovery and JWKS served by `Deno.serve` on
 * 127.0.0.1, signing keys generated in memory, tokens shaped like GitHub Actions' by default.
 * It can rotate its key, go offline, and mint the hostile tokens the verifier must refuse.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { decodeJwt } from "jose";
 *
 * const issuer = await startTestIssuer();
 * try {
 *   // Register `issuer.issuer` as a bot's OIDC issuer; its tokens then verify against it.
 *   const token = await issuer.token({ aud: "countersign" });
 *   const claims = decodeJwt(token);
 *   assertEquals([claims.iss, claims.aud, claims.repository], [issuer.issuer, "countersign", "acme/api"]);
 * } finally {
 *   await issuer.close();
 * }
 * ```
 *
 * @module
 */
import {
  base64url,
  CompactSign,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from "jose";

/**
 * The network as a test reaches this issuer: `fetch`, for the `IssuerCache` under test
 * (`lib/` does no I/O of its own; its test harness passes this in as the functions pass theirs).
 */
export const issuerFetch = (url: string, init: RequestInit): Promise<Response> => fetch(url, init);

/** Algorithms the test issuer can sign with. */
export type TestAlgorithm = "RS256" | "ES256";

/** One signing key of the test issuer. */
export interface TestSigningKey {
  kid: string;
  alg: TestAlgorithm;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** SPKI PEM of the public key (what an algorithm-confusion attacker would HMAC with). */
  publicPem: string;
}

/** Options of {@linkcode startTestIssuer}. */
export interface TestIssuerOptions {
  alg?: TestAlgorithm;
  /** `Cache-Control` of the JWKS response (default `max-age=300`). */
  jwksCacheControl?: string;
}

/** How to sign one token. */
export interface SignOptions {
  /** Default: the current key. */
  key?: TestSigningKey;
  /** Header `kid` (default the key's; `null` leaves it out). */
  kid?: string | null;
  /** Header `alg` (default the key's). */
  alg?: string;
}

/** A running test issuer. */
export interface TestIssuer {
  /** The issuer URL, `http://127.0.0.1:<port>`. */
  issuer: string;
  /** The key in use; {@linkcode TestIssuer.rotate} replaces it. */
  current: TestSigningKey;
  /** Keys published in the JWKS. */
  published: TestSigningKey[];
  /** Paths requested so far (`/.well-known/openid-configuration`, `/jwks`, `/token`). */
  requests: string[];
  /**
   * A stand-in for GitHub Actions' `ACTIONS_ID_TOKEN_REQUEST_URL` (it already has a query, so
   * callers append `&audience=…`); answers `{"count":1,"value":"<token>"}` with that audience.
   */
  tokenRequestUrl: string;
  /** The bearer token {@linkcode TestIssuer.tokenRequestUrl} requires. */
  tokenRequestToken: string;
  /** While false, every path answers 503. */
  online: boolean;
  /** GitHub-Actions-like claims, fresh `iat`/`exp`/`jti`, with `overrides` applied. */
  claims(overrides?: Record<string, unknown>): JWTPayload;
  /** Signs {@linkcode TestIssuer.claims} with `overrides` (an `undefined` value removes a claim). */
  token(overrides?: Record<string, unknown>, options?: SignOptions): Promise<string>;
  /** Signs exactly `payload`. */
  sign(payload: JWTPayload, options?: SignOptions): Promise<string>;
  /** Signs the payload text as it is (numbers JSON cannot produce from objects, e.g. `1e400`). */
  signText(payload: string, options?: SignOptions): Promise<string>;
  /** Generates a key without publishing it. */
  newKey(alg?: TestAlgorithm): Promise<TestSigningKey>;
  /** Generates and publishes a new key, keeps the old one published, and makes it current. */
  rotate(): Promise<TestSigningKey>;
  close(): Promise<void>;
}

let keyCounter = 0;

async function makeKey(alg: TestAlgorithm): Promise<TestSigningKey> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const kid = `test-key-${++keyCounter}-${crypto.randomUUID().slice(0, 8)}`;
  const publicJwk = { ...await exportJWK(pair.publicKey), kid, alg, use: "sig" };
  return {
    kid,
    alg,
    privateKey: pair.privateKey,
    publicJwk,
    publicPem: await exportSPKI(pair.publicKey),
  };
}

function headerFor(key: TestSigningKey, options: SignOptions) {
  const header: { alg: string; kid?: string; typ: string } = {
    alg: options.alg ?? key.alg,
    typ: "JWT",
  };
  if (options.kid !== null) header.kid = options.kid ?? key.kid;
  return header;
}

/** Starts a local issuer on a free port of 127.0.0.1. */
export async function startTestIssuer(opts: TestIssuerOptions = {}): Promise<TestIssuer> {
  const alg = opts.alg ?? "RS256";
  const first = await makeKey(alg);
  const ready = Promise.withResolvers<Deno.NetAddr>();
  const state = { online: true };
  const requests: string[] = [];
  const published: TestSigningKey[] = [first];
  const requestToken = crypto.randomUUID();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: (addr) => ready.resolve(addr as Deno.NetAddr),
  }, async (req) => {
    const url = new URL(req.url);
    const path = url.pathname;
    requests.push(path);
    if (!state.online) return new Response("offline", { status: 503 });
    if (path === "/token") {
      if (req.headers.get("authorization") !== `bearer ${requestToken}`) {
        return new Response("unauthorized", { status: 401 });
      }
      const audience = url.searchParams.get("audience") ?? "countersign";
      return Response.json({ count: 1, value: await api.token({ aud: audience }) });
    }
    if (path === "/.well-known/openid-configuration") {
      return Response.json({
        issuer,
        jwks_uri: `${issuer}/jwks`,
        subject_types_supported: ["public"],
        response_types_supported: ["id_token"],
        id_token_signing_alg_values_supported: [alg],
        claims_supported: ["sub", "aud", "exp", "iat", "iss", "jti", "nbf", "repository"],
      });
    }
    if (path === "/jwks") {
      return Response.json({ keys: published.map((k) => k.publicJwk) }, {
        headers: { "cache-control": opts.jwksCacheControl ?? "max-age=300" },
      });
    }
    return new Response("not found", { status: 404 });
  });
  const addr = await ready.promise;
  const issuer = `http://127.0.0.1:${addr.port}`;

  const api: TestIssuer = {
    issuer,
    current: first,
    published,
    requests,
    tokenRequestUrl: `${issuer}/token?api-version=2.0`,
    tokenRequestToken: requestToken,
    get online() {
      return state.online;
    },
    set online(value: boolean) {
      state.online = value;
    },
    claims(overrides = {}) {
      const now = Math.floor(Date.now() / 1000);
      const base: Record<string, unknown> = {
        iss: issuer,
        sub: "repo:acme/api:environment:production",
        aud: "countersign",
        jti: crypto.randomUUID(),
        iat: now,
        nbf: now - 5,
        exp: now + 300,
        actor: "octocat",
        repository: "acme/api",
        repository_owner: "acme",
        ref: "refs/heads/main",
        sha: "8f2e1c0b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f",
        environment: "production",
        workflow: "deploy",
        job_workflow_ref: "acme/api/.github/workflows/deploy.yml@refs/heads/main",
        run_id: "7311",
        run_attempt: "1",
        event_name: "push",
      };
      for (const [key, value] of Object.entries(overrides)) {
        if (value === undefined) delete base[key];
        else base[key] = value;
      }
      return base as JWTPayload;
    },
    async token(overrides = {}, options = {}) {
      return await api.sign(api.claims(overrides), options);
    },
    async sign(payload, options = {}) {
      const key = options.key ?? api.current;
      return await new SignJWT(payload).setProtectedHeader(headerFor(key, options))
        .sign(key.privateKey);
    },
    async signText(payload, options = {}) {
      const key = options.key ?? api.current;
      return await new CompactSign(new TextEncoder().encode(payload))
        .setProtectedHeader(headerFor(key, options)).sign(key.privateKey);
    },
    newKey: (keyAlg = alg) => makeKey(keyAlg),
    async rotate() {
      const next = await makeKey(alg);
      published.push(next);
      api.current = next;
      return next;
    },
    async close() {
      await server.shutdown();
    },
  };
  return api;
}

/**
 * Claim patterns that match every workload of an issuer (issue #17: each one matched a token of
 * `evil/x`). The pin rule refuses every one of them as the registration's only pin.
 */
export const BYPASS_PATTERNS: readonly string[] = [
  "repository=?*",
  "repository=*?",
  "repository=*/*",
  "repository_owner=?*",
  "sub=*:*",
  "sub=repo:*",
];

/** Builds an unsigned `alg: none` token with `payload` (what a forger would send). */
export function unsignedToken(payload: JWTPayload, kid?: string): string {
  const part = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${part({ alg: "none", typ: "JWT", ...(kid ? { kid } : {}) })}.${part(payload)}.`;
}

/**
 * Builds the classic algorithm-confusion forgery: `alg: HS256` with the issuer's *public* key
 * text as the HMAC secret, under the real key's `kid`.
 */
export async function hmacWithPublicKey(payload: JWTPayload, key: TestSigningKey): Promise<string> {
  return await new SignJWT(payload)
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: key.kid })
    .sign(new TextEncoder().encode(key.publicPem));
}
