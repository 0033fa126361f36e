import { assertEquals, assertStringIncludes } from "@std/assert";
import { checkAllowLists } from "./allow_lists.ts";

const request = { action: "deploy", resource: "api-server#152", environment: "production" };
const service = {
  allowed_actions: ["build", "deploy"],
  allowed_resources: ["api-*"],
  allowed_environments: ["staging", "prod*"],
};

function code(result: ReturnType<typeof checkAllowLists>): string {
  return result.ok ? "ok" : result.code;
}

Deno.test("a request inside every allow-list passes", () => {
  assertEquals(checkAllowLists(service, request, "ci-bot"), { ok: true });
  assertEquals(
    code(checkAllowLists(
      { allowed_actions: ["*"], allowed_resources: ["*"], allowed_environments: ["*"] },
      request,
      "ci-bot",
    )),
    "ok",
  );
});

Deno.test("each list rejects with its own reason code, checked in order", () => {
  assertEquals(
    code(checkAllowLists({ ...service, allowed_actions: ["build"] }, request, "ci-bot")),
    "action_not_allowed",
  );
  assertEquals(
    code(checkAllowLists({ ...service, allowed_resources: ["web-*"] }, request, "ci-bot")),
    "resource_not_allowed",
  );
  const env = checkAllowLists({ ...service, allowed_environments: ["staging"] }, request, "ci-bot");
  assertEquals(code(env), "environment_not_allowed");
  assertStringIncludes(env.ok ? "" : env.detail, 'Cannot allow environment "production"');
  const all = checkAllowLists({ allowed_actions: [] }, request, "ci-bot");
  assertEquals(code(all), "action_not_allowed");
});

Deno.test("missing or empty lists allow nothing", () => {
  const result = checkAllowLists({ ...service, allowed_resources: undefined }, request, "ci-bot");
  assertEquals(code(result), "resource_not_allowed");
  assertStringIncludes(result.ok ? "" : result.detail, "an empty allowed_resources list");
});
