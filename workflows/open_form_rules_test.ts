import { assertEquals } from "@std/assert";
import manifest from "../manifest.ts";
// The local platform's form rules (it refuses such a form step when it runs, as Slack does).
import { checkOpenForms } from "../local/runtime/open_form_rules.ts";

Deno.test("every OpenForm in every workflow uses documented element types and limits", () => {
  assertEquals(checkOpenForms(manifest.workflows as Record<string, unknown>), []);
});
