/**
 * The pre-tool-use hook against the local platform and a relay: a risky command waits for a
 * human (approved runs, denied is blocked with the reason), a harmless one passes without asking,
 * and a hook that cannot ask fails closed.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { approve, callerEnv, callerWorld, deny } from "../relay/_testing.ts";
import { decide, isRisky } from "./pre_tool_use_hook.ts";

const bash = (command: string) => ({ tool_name: "Bash", tool_input: { command } });

Deno.test("hook: risky commands wait for a human; others pass; failures block", async () => {
  const w = await callerWorld();
  const env = {
    ...callerEnv(w),
    COUNTERSIGN_HOOK_ACTION: "migrate",
    COUNTERSIGN_HOOK_ENVIRONMENT: "production",
  };
  const newest = async () => {
    for (;;) {
      const id = w.platform.storage.listRuns(1)[0]?.step_outputs["0"]?.decision_id;
      const record = typeof id === "string" ? w.platform.storage.getItem("decisions", id) : null;
      if (typeof id === "string" && record?.status === "pending" && record.message_ts) {
        return id;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    assertEquals(await decide(bash("ls -la"), env), { code: 0, message: "" });
    assertEquals(w.platform.storage.listRuns(1).length, 0, "nothing was asked");

    const approved = decide(bash("rm -rf build/"), env);
    await approve(w.platform, await newest());
    assertEquals((await approved).code, 0);

    const denied = decide(bash("terraform destroy"), env);
    await deny(w.platform, await newest(), "Not on a Friday");
    const blocked = await denied;
    assertEquals(blocked.code, 2);
    assertStringIncludes(blocked.message, "denied (human_denied): Not on a Friday");

    const broken = await decide(bash("git push --force"), { ...env, COUNTERSIGN_KEY_FILE: "" });
    assertEquals(broken.code, 2);
    assertStringIncludes(broken.message, "COUNTERSIGN_KEY_FILE is not set");
  } finally {
    await w.close();
  }
});

Deno.test("hook: what counts as risky", () => {
  for (const c of ["rm -rf /", "rm -fr x", "git push -f origin main", "kubectl delete pod x"]) {
    assertEquals(isRisky(c), true, c);
  }
  for (const c of ["rm file.txt", "git push origin main", "kubectl get pods", "echo drop"]) {
    assertEquals(isRisky(c), false, c);
  }
  assertEquals(isRisky("make deploy", /\bmake deploy\b/), true);
});
