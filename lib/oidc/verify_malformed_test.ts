/**
 * Findings 2 and 4 of issue #17 against a real local issuer: malformed time claims and issuers
 * get `oidc_invalid_token` with their own detail, every key sharing a kid is tried, and the
 * stored expiry of an accepted token is bounded by the accepted token age.
 */
import { assert, assertEquals } from "@std/assert";
import { OIDC_CLOCK_SKEW_SECONDS, OIDC_MAX_TOKEN_AGE_SECONDS } from "../config.ts";
import { assertRejected, audienceFor, request, withIssuer } from "./_testing.ts";

Deno.test("oidc: malformed time claims are oidc_invalid_token, never an expiry code", async () => {
  await withIssuer(async ({ issuer, check, tokenFor }) => {
    const now = Math.floor(Date.now() / 1000);
    const future = String(now + 30 * 86400);
    const cases: [Record<string, unknown>, string][] = [
      [{ iat: future }, `its "iat" claim is "${future}" (a string)`],
      [{ iat: String(now) }, '"iat" claim'],
      [{ exp: String(now + 300) }, '"exp" claim'],
      [{ nbf: String(now) }, '"nbf" claim'],
      [{ exp: null }, 'its "exp" claim is null (a object)'],
      [{ iat: true }, '"iat" claim is true (a boolean)'],
      [{ nbf: [now] }, '"nbf" claim'],
    ];
    for (const [claims, detail] of cases) {
      assertRejected(await check(await tokenFor(request(), claims)), "oidc_invalid_token", detail);
    }
    // Non-finite numbers: JSON's 1e400 parses as Infinity, -1e400 as -Infinity.
    const aud = await audienceFor(request());
    const base = JSON.stringify(issuer.claims({ aud }));
    for (const [claim, text] of [["exp", "1e400"], ["iat", "1e400"], ["nbf", "-1e400"]]) {
      const payload = base.replace(/}$/, `,"${claim}":${text}}`);
      assertRejected(
        await check(await issuer.signText(payload)),
        "oidc_invalid_token",
        `its "${claim}" claim is ${text.startsWith("-") ? "-Infinity" : "Infinity"}`,
      );
    }
  });
});

Deno.test("oidc: an array-valued or missing iss says what is wrong with it", async () => {
  await withIssuer(async ({ issuer, check, tokenFor }) => {
    assertRejected(
      await check(await tokenFor(request(), { iss: [issuer.issuer, issuer.issuer] })),
      "oidc_invalid_token",
      'its "iss" claim is an array of 2, not one issuer URL',
    );
    assertRejected(
      await check(await tokenFor(request(), { iss: undefined })),
      "oidc_invalid_token",
      'it has no "iss" claim',
    );
    assertEquals(issuer.requests, [], "nothing is fetched for a malformed token");
  });
});

Deno.test("oidc: every key published under the token's kid is tried", async () => {
  await withIssuer(async ({ issuer, check, tokenFor }) => {
    // Mid-rotation the issuer lists an older key under the same kid first.
    const older = await issuer.newKey();
    issuer.published.unshift({
      ...older,
      publicJwk: { ...older.publicJwk, kid: issuer.current.kid },
    });
    const result = await check(await tokenFor());
    assert(result.ok, result.ok ? "" : result.detail);
    // A key of neither is still refused, after trying both.
    const stranger = await issuer.newKey();
    const forged = await issuer.sign(issuer.claims({ aud: await audienceFor(request()) }), {
      key: stranger,
      kid: issuer.current.kid,
    });
    assertRejected(await check(forged), "oidc_bad_signature", "does not verify");
  });
});

Deno.test("oidc: the expiry of an accepted token is bounded by the accepted age", async () => {
  await withIssuer(async ({ check, tokenFor }) => {
    const now = Math.floor(Date.now() / 1000);
    const ceiling = (now + OIDC_CLOCK_SKEW_SECONDS + OIDC_MAX_TOKEN_AGE_SECONDS + 5) * 1000;
    for (const exp of [1e20, 1e308, now + 86400 * 365]) {
      const result = await check(await tokenFor(request(), { iat: now, exp }));
      assert(result.ok, result.ok ? "" : result.detail);
      assert(Number.isFinite(result.expiresAt), `exp ${exp}`);
      assertEquals(result.expiresAt, (now + OIDC_MAX_TOKEN_AGE_SECONDS) * 1000);
      assert(result.expiresAt < ceiling);
    }
    // An ordinary exp inside the age is kept as it is.
    const short = await check(await tokenFor(request(), { iat: now, exp: now + 120 }));
    assertEquals(short.ok && short.expiresAt, (now + 120) * 1000);
  });
});
