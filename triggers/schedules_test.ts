import { assertEquals } from "@std/assert";
import { checkScheduledTrigger } from "../local/web_api/schedule_rules.ts";

async function triggerFiles(): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(new URL("./", import.meta.url))) {
    if (
      e.isFile && e.name.endsWith(".ts") && !e.name.endsWith("_test.ts") &&
      !e.name.startsWith("_") // private helpers, as the local platform skips them
    ) {
      names.push(e.name);
    }
  }
  return names.sort();
}

Deno.test("every scheduled trigger in triggers/ follows Slack's schedule rules", async () => {
  const problems: string[] = [];
  let scheduled = 0;
  for (const name of await triggerFiles()) {
    const trigger = (await import(`./${name}`)).default as Record<string, unknown>;
    if (trigger.type === "scheduled") scheduled++;
    for (const p of checkScheduledTrigger(trigger, Date.now())) problems.push(`${name}: ${p}`);
  }
  assertEquals(problems, []);
  assertEquals(scheduled, 2); // the expiry sweep and the weekly report
});
