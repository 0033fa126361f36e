import { assertEquals } from "@std/assert";
import { describeFetchError, describeStatus, networkReason } from "./http_error.ts";

Deno.test("undici's `fetch failed` is explained from its cause", () => {
  const undici = new TypeError("fetch failed", {
    cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:3000"), {
      code: "ECONNREFUSED",
    }),
  });
  assertEquals(
    describeFetchError(undici, "http://127.0.0.1:3000/triggers/T/F/secret"),
    "cannot reach http://127.0.0.1:3000: connection refused — is `deno task start` running?",
  );
});

Deno.test("remote hosts get the reason without the local hint; unknown errors keep their text", () => {
  const dns = new TypeError(
    "error sending request for url (https://hooks.example.com/x): client error (Connect): " +
      "dns error: failed to lookup address information: Name or service not known",
  );
  assertEquals(
    describeFetchError(dns, "https://hooks.example.com/x"),
    "cannot reach https://hooks.example.com: host not found",
  );
  const refusedRemote = new TypeError("tcp connect error: Connection refused (os error 111)");
  assertEquals(
    describeFetchError(refusedRemote, "https://relay.example.com/r"),
    "cannot reach https://relay.example.com: connection refused",
  );
  assertEquals(networkReason(new Error("something odd")), "something odd");
});

Deno.test("describeStatus shows Retry-After in seconds or as an HTTP date", () => {
  assertEquals(describeStatus(new Response(null, { status: 500 })), "HTTP 500");
  assertEquals(
    describeStatus(new Response(null, { status: 429, headers: { "retry-after": "12" } })),
    "HTTP 429 (retry after 12 s)",
  );
  assertEquals(
    describeStatus(
      new Response(null, {
        status: 503,
        headers: { "retry-after": "Wed, 21 Oct 2026 07:28:00 GMT" },
      }),
    ),
    "HTTP 503 (retry after Wed, 21 Oct 2026 07:28:00 GMT)",
  );
});
