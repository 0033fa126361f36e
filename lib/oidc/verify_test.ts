import { assert, assertEquals } from "@std/assert";
import { verifyServiceToken } from "./registration.ts";
import { hmacWithPublicKey, startTestIssuer, unsignedToken } from "../../dev/oidc_issuer.ts";
import { assertRejected, audienceFor, request, withIssuer } from "./_testing.ts";

Deno.test("oidc: a fresh token bound to the request is accepted with verified attribution", async () => {
  await withIssuer(async ({ issuer, check, tokenFor }) => {
    const result = await check(await tokenFor());
    assert(result.ok, result.ok ? "" : result.detail);
    assertEquals(result.bound, true);
    assertEquals(result.attribution, {
      issuer: issuer.issuer,
      subject: "repo:acme/api:environment:production",
      actor: "octocat",
      repository: "acme/api",
      ref: "refs/heads/main",
      sha: "8f2e1c0b5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f",
      environment: "production",
      workflow: "acme/api/.github/workflows/deploy.yml@refs/heads/main",
      run_id: "7311",
      event: "push",
    });
    assertEquals(result.useId.length, 64);
    assertEquals(issuer.requests, ["/.well-known/openid-configuration", "/jwks"]);
    // The second token is verified from the cache: no new fetch.
    assert((await check(await tokenFor())).ok);
    assertEquals(issuer.requests.length, 2);
  });
});

Deno.test("oidc: wrong issuer is refused before anything is fetched", async () => {
  await withIssuer(async ({ issuer, check, tokenFor }) => {
    const other = await startTestIssuer();
    try {
      const foreign = await other.token({ aud: await audienceFor(request()) });
      assertRejected(await check(foreign), "oidc_wrong_issuer", other.issuer);
      assertEquals([issuer.requests, other.requests], [[], []]);
      // The issuer's own key, but an iss claim naming another issuer.
      const lying = await tokenFor(request(), {
        iss: "https://token.actions.githubusercontent.com",
      });
      assertRejected(await check(lying), "oidc_wrong_issuer", "token.actions.githubusercontent");
    } finally {
      await other.close();
    }
  });
});

Deno.test("oidc: wrong audience, and a plain audience where the request binding is required", async () => {
  await withIssuer(async ({ check, tokenFor, service }) => {
    assertRejected(
      await check(await tokenFor(request(), { aud: "sts.amazonaws.com" })),
      "oidc_wrong_audience",
      '"sts.amazonaws.com"',
    );
    const plain = await tokenFor(request(), { aud: "countersign" });
    assertRejected(await check(plain), "oidc_wrong_audience", "request-bound audience");
    // The same plain token is fine for a service that chose single-use binding.
    const singleUse = await check(plain, request(), { ...service, oidc_binding: "single_use" });
    assert(singleUse.ok && !singleUse.bound);
    // A per-service audience replaces the default.
    const own = { ...service, oidc_audience: "https://countersign.acme.example" };
    assertRejected(
      await check(await tokenFor(), request(), own),
      "oidc_wrong_audience",
      "acme.example",
    );
  });
});

Deno.test("oidc: expired, too old, not yet valid (nbf and iat), with bounded skew", async () => {
  await withIssuer(async ({ check, tokenFor }) => {
    const now = Math.floor(Date.now() / 1000);
    assertRejected(
      await check(await tokenFor(request(), { iat: now - 400, nbf: now - 400, exp: now - 61 })),
      "oidc_token_expired",
      "expired (exp)",
    );
    // Within the 60 s skew an expiry just passed is still accepted.
    assert((await check(await tokenFor(request(), { exp: now - 30 }))).ok);
    assertRejected(
      await check(await tokenFor(request(), { iat: now - 3600, nbf: now - 3600, exp: now + 60 })),
      "oidc_token_expired",
      "issued more than 900 seconds ago",
    );
    assertRejected(
      await check(await tokenFor(request(), { nbf: now + 120 })),
      "oidc_token_not_yet_valid",
      "(nbf)",
    );
    assertRejected(
      await check(await tokenFor(request(), { iat: now + 120, nbf: undefined })),
      "oidc_token_not_yet_valid",
      "(iat)",
    );
    assertRejected(
      await check(await tokenFor(request(), { exp: undefined })),
      "oidc_invalid_token",
      '"exp"',
    );
  });
});

Deno.test("oidc: unknown kid refreshes the JWKS (rate-limited); a rotated key is then found", async () => {
  await withIssuer(async ({ issuer, check, tokenFor, clock }) => {
    assert((await check(await tokenFor())).ok); // caches discovery + JWKS
    const stranger = await issuer.newKey();
    const forged = await issuer.sign(issuer.claims({ aud: await audienceFor(request()) }), {
      key: stranger,
    });
    // Fetched a moment ago: an unknown kid does not fetch again yet.
    assertRejected(await check(forged), "oidc_unknown_kid", stranger.kid);
    assertEquals(issuer.requests.length, 2);
    clock.ms += 31_000;
    assertRejected(await check(forged), "oidc_unknown_kid", stranger.kid);
    assertEquals(issuer.requests.length, 4, "one refresh: discovery + JWKS again");
    assertRejected(await check(forged), "oidc_unknown_kid", stranger.kid);
    assertEquals(issuer.requests.length, 4, "no second refresh right away");

    clock.ms += 31_000;
    await issuer.rotate();
    const rotated = await check(await tokenFor());
    assert(rotated.ok, rotated.ok ? "" : rotated.detail);
    assertEquals(issuer.requests.length, 6);
    // The JWKS said max-age=300: after that the cache is refreshed even for a known kid.
    assert((await check(await tokenFor())).ok);
    assertEquals(issuer.requests.length, 6);
    clock.ms += 301_000;
    assert((await check(await tokenFor())).ok);
    assertEquals(issuer.requests.length, 8);
  });
});

Deno.test("oidc: alg none and algorithm confusion are refused", async () => {
  await withIssuer(async ({ issuer, check }) => {
    const claims = issuer.claims({ aud: await audienceFor(request()) });
    assertRejected(
      await check(unsignedToken(claims, issuer.current.kid)),
      "oidc_alg_none",
      "unsigned",
    );
    assertRejected(
      await check(await hmacWithPublicKey(claims, issuer.current)),
      "oidc_algorithm_confusion",
      "HMAC",
    );
    // An ES256 token presented under the issuer's RSA key id.
    const ec = await issuer.newKey("ES256");
    const mixed = await issuer.sign(claims, { key: ec, kid: issuer.current.kid });
    assertRejected(await check(mixed), "oidc_algorithm_confusion", '"ES256"');
    // A valid signature by a key of the right type that the issuer never published.
    const rsa = await issuer.newKey("RS256");
    const impostor = await issuer.sign(claims, { key: rsa, kid: issuer.current.kid });
    assertRejected(await check(impostor), "oidc_bad_signature", "does not verify");
  });
});

Deno.test("oidc: claim mismatch, and a registration that pins no identity", async () => {
  await withIssuer(async ({ check, tokenFor, service }) => {
    assertRejected(
      await check(await tokenFor(request(), { repository: "evil/api" })),
      "oidc_claim_mismatch",
      '"repository" is "evil/api"',
    );
    assertRejected(
      await check(await tokenFor(request(), { environment: undefined })),
      "oidc_claim_mismatch",
      'no text claim "environment"',
    );
    const loose = { ...service, oidc_claims: ["repository=*", "ref=refs/heads/main"] };
    assertRejected(
      await check(await tokenFor(), request(), loose),
      "oidc_not_configured",
      "must pin",
    );
    const none = { ...service, oidc_issuer: "" };
    assertRejected(
      await check(await tokenFor(), request(), none),
      "oidc_not_configured",
      "no oidc_issuer",
    );
  });
});

Deno.test("oidc: a token bound to one request cannot be used for another", async () => {
  await withIssuer(async ({ check, tokenFor }) => {
    const token = await tokenFor(request());
    assert((await check(token)).ok);
    for (
      const change of [{ action: "destroy" }, { resource: "database#1" }, { request_id: "r2" }]
    ) {
      assertRejected(await check(token, request(change)), "oidc_token_replayed", "another request");
    }
  });
});

Deno.test("oidc: issuer unreachable, and issuers outside the outgoing domains", async () => {
  await withIssuer(async ({ issuer, check, tokenFor, service, cache }) => {
    const token = await tokenFor();
    issuer.online = false;
    assertRejected(await check(token), "oidc_issuer_unreachable", "HTTP 503");
    const closed = await startTestIssuer();
    const gone = closed.issuer;
    await closed.close();
    const svc = { ...service, oidc_issuer: gone };
    const aud = await audienceFor(request());
    const forGone = await issuer.sign({ ...issuer.claims({ aud }), iss: gone });
    assertRejected(await check(forGone, request(), svc), "oidc_issuer_unreachable", "failed");
    // Not in the outgoing domains: refused without a fetch.
    const before = issuer.requests.length;
    issuer.online = true;
    const strict = await verifyServiceToken(token, request(), service, {
      domains: { allowed: ["example.com"], extra: [] },
      cache,
    });
    assertRejected(strict, "oidc_issuer_not_allowed", "must use https");
    assertEquals(issuer.requests.length, before);
  });
});
