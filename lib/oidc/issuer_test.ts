import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { FAILURE_CACHE_MS, IssuerCache, type IssuerKeysResult } from "./issuer.ts";
import { DEFAULT_JWKS_TTL_MS, ttlFrom } from "./jwks.ts";

const DOMAINS = { allowed: [], extra: ["127.0.0.1"] };

/** A server whose discovery and JWKS answers the test controls; it counts requests. */
async function withServer(
  answer: (path: string, origin: string) => Response | Promise<Response>,
  fn: (origin: string) => Promise<void>,
): Promise<void> {
  const ready = Promise.withResolvers<Deno.NetAddr>();
  let origin = "";
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: (a) => ready.resolve(a as Deno.NetAddr) },
    (req) => answer(new URL(req.url).pathname, origin),
  );
  origin = `http://127.0.0.1:${(await ready.promise).port}`;
  try {
    await fn(origin);
  } finally {
    await server.shutdown();
  }
}

function discovery(origin: string, extra: Record<string, unknown> = {}) {
  return Response.json({ issuer: origin, jwks_uri: `${origin}/jwks`, ...extra });
}

function failed(result: IssuerKeysResult, code: string, detail: string) {
  assertEquals(result.ok ? "ok" : result.code, code);
  if (!result.ok) assertStringIncludes(result.detail, detail);
}

Deno.test("issuer: only public signing keys are kept, without private members", async () => {
  await withServer(
    (path, origin) =>
      path === "/jwks"
        ? Response.json({
          keys: [
            { kty: "RSA", kid: "r", n: "AQAB", e: "AQAB", d: "secret", alg: "RS256" },
            { kty: "oct", kid: "h", k: "c2VjcmV0" },
            { kty: "EC", kid: "enc", crv: "P-256", x: "x", y: "y", use: "enc" },
            { kty: "OKP", kid: "o", crv: "Ed25519", x: "x" },
            "junk",
          ],
        }, { headers: { "cache-control": "public, max-age=120" } })
        : discovery(origin, { id_token_signing_alg_values_supported: ["RS256", 7] }),
    async (origin) => {
      const clock = 1_000_000;
      const result = await new IssuerCache({ fetch, now: () => clock }).get(origin, DOMAINS);
      if (!result.ok) throw new Error(result.detail);
      assertEquals(result.keys.keys, [
        { kty: "RSA", kid: "r", n: "AQAB", e: "AQAB", alg: "RS256" },
        { kty: "OKP", kid: "o", crv: "Ed25519", x: "x" },
      ]);
      assertEquals(result.keys.discoveryAlgorithms, ["RS256"]);
      assertEquals(result.keys.expiresAt - clock, 120_000);
    },
  );
});

Deno.test("issuer: discovery naming another issuer, missing jwks_uri, bad JSON, redirects", async () => {
  await withServer((_path, _origin) => discovery("https://elsewhere.example"), async (origin) => {
    failed(
      await new IssuerCache({ fetch }).get(origin, DOMAINS),
      "oidc_issuer_unreachable",
      "identical",
    );
  });
  await withServer((_path, origin) => Response.json({ issuer: origin }), async (origin) => {
    failed(
      await new IssuerCache({ fetch }).get(origin, DOMAINS),
      "oidc_issuer_unreachable",
      "no jwks_uri",
    );
  });
  await withServer(
    (path, origin) => path === "/jwks" ? new Response("<html>") : discovery(origin),
    async (origin) => {
      failed(
        await new IssuerCache({ fetch }).get(origin, DOMAINS),
        "oidc_issuer_unreachable",
        "not a JSON",
      );
    },
  );
  await withServer(
    (path, origin) =>
      path === "/jwks"
        ? new Response(null, { status: 302, headers: { location: "https://evil.example/jwks" } })
        : discovery(origin),
    async (origin) => {
      failed(
        await new IssuerCache({ fetch }).get(origin, DOMAINS),
        "oidc_issuer_unreachable",
        "failed",
      );
    },
  );
  await withServer(
    (path, origin) => path === "/jwks" ? new Response("x".repeat(300 * 1024)) : discovery(origin),
    async (origin) => {
      failed(
        await new IssuerCache({ fetch }).get(origin, DOMAINS),
        "oidc_issuer_unreachable",
        "larger",
      );
    },
  );
});

Deno.test("issuer: a jwks_uri outside the outgoing domains is refused", async () => {
  await withServer(
    (_path, origin) => Response.json({ issuer: origin, jwks_uri: "https://evil.example/jwks" }),
    async (origin) => {
      failed(
        await new IssuerCache({ fetch }).get(origin, DOMAINS),
        "oidc_issuer_not_allowed",
        "evil.example",
      );
    },
  );
});

Deno.test("ttlFrom: max-age clamped to 1 minute … 24 hours, default 1 hour", () => {
  assertEquals(ttlFrom(null), DEFAULT_JWKS_TTL_MS);
  assertEquals(ttlFrom("no-cache"), DEFAULT_JWKS_TTL_MS);
  assertEquals(ttlFrom("public, max-age=5"), 60_000);
  assertEquals(ttlFrom("max-age=600, must-revalidate"), 600_000);
  assertEquals(ttlFrom("max-age=999999"), 24 * 3600_000);
});

Deno.test("issuer: a jwks_uri on another port or host of the issuer is refused", async () => {
  await withServer((path) => Response.json({ keys: [], path }), async (other) => {
    for (const moved of [`${other}/jwks`, "http://localhost:1/jwks"]) {
      await withServer(
        (_path, origin) => Response.json({ issuer: origin, jwks_uri: moved }),
        async (origin) => {
          const result = await new IssuerCache({ fetch }).get(origin, {
            allowed: [],
            extra: ["127.0.0.1", "localhost"],
          });
          failed(result, "oidc_issuer_not_allowed", `is not on the issuer's origin "${origin}"`);
        },
      );
    }
  });
});

/** An issuer that answers 503 while `healthy` is false; counts the requests it gets. */
async function withFlakyIssuer(
  fn: (issuer: { origin: string; calls: number; healthy: boolean }, cache: IssuerCache, clock: {
    ms: number;
  }) => Promise<void>,
  healthy: boolean,
): Promise<void> {
  const state = { origin: "", calls: 0, healthy };
  const clock = { ms: 5_000_000 };
  await withServer(
    (path, origin) => {
      state.calls++;
      if (!state.healthy) return new Response("down", { status: 503 });
      return path === "/jwks" ? Response.json({ keys: [] }) : discovery(origin);
    },
    async (origin) => {
      state.origin = origin;
      await fn(state, new IssuerCache({ fetch, now: () => clock.ms }), clock);
    },
  );
}

Deno.test("issuer: a failed discovery is remembered for FAILURE_CACHE_MS, then retried", () =>
  withFlakyIssuer(async (issuer, cache, clock) => {
    const origin = issuer.origin;
    failed(await cache.get(origin, DOMAINS), "oidc_issuer_unreachable", "HTTP 503");
    assertEquals(issuer.calls, 1);
    clock.ms += FAILURE_CACHE_MS - 1_000;
    issuer.healthy = true;
    // Within the window: the same failure, said to be remembered, and no request.
    failed(
      await cache.get(origin, DOMAINS),
      "oidc_issuer_unreachable",
      "not asked again for 1 s",
    );
    failed(await cache.get(origin, DOMAINS, true), "oidc_issuer_unreachable", "HTTP 503");
    assertEquals(issuer.calls, 1);
    clock.ms += 1_000;
    const recovered = await cache.get(origin, DOMAINS);
    assert(recovered.ok);
    assertEquals(issuer.calls, 3, "discovery and JWKS once the window has passed");
  }, false));

Deno.test("issuer: a failed forced refresh keeps the cached keys for the failure window", () =>
  withFlakyIssuer(async (issuer, cache, clock) => {
    const origin = issuer.origin;
    assert((await cache.get(origin, DOMAINS)).ok);
    issuer.healthy = false;
    clock.ms += 31_000;
    failed(await cache.get(origin, DOMAINS, true), "oidc_issuer_unreachable", "HTTP 503");
    assertEquals(issuer.calls, 3);
    // The next unknown kid within the window uses the cached keys without asking again.
    assert((await cache.get(origin, DOMAINS, true)).ok);
    assertEquals(issuer.calls, 3);
  }, true));
