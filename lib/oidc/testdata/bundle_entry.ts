/**
 * Entry of the bundled-build check (`bundle_test.ts`): a local issuer mints tokens and the
 * verifier checks them, all inside one bundled file that runs without an import map. Prints one
 * JSON line with the outcomes.
 */
import { canonicalString } from "../../contract/canonical.ts";
import { sampleRequest } from "../../contract/_testing.ts";
import { boundAudience, requestDigest } from "../binding.ts";
import { IssuerCache } from "../issuer.ts";
import { verifyServiceToken } from "../registration.ts";
import { startTestIssuer, unsignedToken } from "../../../dev/oidc_issuer.ts";

const issuer = await startTestIssuer({ alg: "ES256" });
try {
  const request = { ...sampleRequest(), key_id: "" };
  const aud = boundAudience("countersign", await requestDigest(canonicalString(request)));
  const service = { id: "ci-bot", oidc_issuer: issuer.issuer, oidc_claims: ["repository=acme/*"] };
  const settings = {
    domains: { allowed: [], extra: ["127.0.0.1"] },
    cache: new IssuerCache({ fetch }),
  };
  const good = await verifyServiceToken(await issuer.token({ aud }), request, service, settings);
  const none = await verifyServiceToken(
    unsignedToken(issuer.claims({ aud })),
    request,
    service,
    settings,
  );
  console.log(JSON.stringify({
    good: good.ok ? good.attribution.actor : good.code,
    none: none.ok ? "accepted" : none.code,
  }));
} finally {
  await issuer.close();
}
