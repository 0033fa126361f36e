/**
 * The admin form functions on the local platform, through the same HTTP entry points as the
 * page: problems only the Web API can find (an id already taken, an unknown user group) come
 * back under their fields like the others; the edit form starts from the bot's values and a
 * blank optional field clears it; a non-admin gets a refusal view and nothing changes; closing
 * a form ends the run without a change or an event.
 */
import { assert, assertEquals, assertExists, assertStringIncludes } from "@std/assert";
import { FORM_ACTION_ID } from "../lib/admin/bot_form.ts";
import { TEST_PUBLIC_KEY } from "../lib/contract/_testing.ts";
import { DEMO_CHANNELS, DEMO_SERVICE_ID, DEMO_USERS } from "../demo/workspace.ts";
import { type Platform, startPlatform } from "../local/server.ts";

const ADA = DEMO_USERS.approver1.id;

async function post(platform: Platform, path: string, body: unknown) {
  const res = await fetch(`${platform.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return await res.json() as Record<string, unknown>;
}

type View = { id: string; view: { title: { text: string }; blocks: Block[] } };
type Block = { block_id?: string; element?: Record<string, unknown> };

async function views(platform: Platform, user: string): Promise<View[]> {
  return (await (await fetch(`${platform.url}/_local/views?as=${user}`)).json()).views;
}

/** Clicks the link trigger of `workflow` as `user`; returns the run id and the opened form. */
async function open(platform: Platform, user: string, workflow: string) {
  const trigger = platform.storage.listTriggers().find((t) =>
    t.workflow === `#/workflows/${workflow}`
  );
  assertExists(trigger);
  const started = await post(platform, "/_local/shortcuts", { user, trigger_id: trigger.id });
  await platform.engine.idle();
  const [form] = await views(platform, user);
  assertExists(form, "the function opened its form");
  return { run: String(started.run_id), form };
}

function submit(platform: Platform, user: string, viewId: string, values: Record<string, unknown>) {
  const state = Object.fromEntries(
    Object.entries(values).map(([block, s]) => [block, { [FORM_ACTION_ID]: s }]),
  );
  return post(platform, "/_local/views/submit", { user, view_id: viewId, values: state });
}

const text = (value: string) => ({ type: "plain_text_input", value });

/** A complete, valid registration of `id`. */
function registration(id: string): Record<string, unknown> {
  return {
    service_id: text(id),
    public_key: text(TEST_PUBLIC_KEY),
    display_name: text("Deploy bot"),
    owner: { type: "users_select", selected_user: DEMO_USERS.engineer.id },
    allowed_actions: text("deploy"),
    allowed_resources: text("api-*"),
    allowed_environments: text("staging"),
    approver_users: { type: "multi_users_select", selected_users: [ADA] },
    approval_channel: {
      type: "conversations_select",
      selected_conversation: DEMO_CHANNELS.approvals.id,
    },
  };
}

function lastDm(platform: Platform, user: string): string {
  const bot = platform.storage.listUsers().find((u) => u.is_bot)!.id;
  const dm = platform.storage.listChannels().find((c) =>
    c.is_im && c.members.includes(user) && c.members.includes(bot)
  );
  return dm ? platform.storage.listMessages(dm.id).at(-1)?.text ?? "" : "";
}

async function withPlatform(fn: (platform: Platform) => Promise<void>) {
  const platform = await startPlatform({ port: 0, dataDir: ":memory:", seed: true, quiet: true });
  try {
    await fn(platform);
  } finally {
    await platform.close();
  }
}

Deno.test("register form: a taken id and an unknown group come back under their fields", () =>
  withPlatform(async (platform) => {
    const { run, form } = await open(platform, ADA, "admin_register_bot");
    assertEquals(form.view.title.text, "Register a bot");
    const refused = await submit(platform, ADA, form.id, {
      ...registration(DEMO_SERVICE_ID),
      approver_usergroup: text("S0NOSUCH"),
    });
    assertEquals(refused.ok, false);
    assertEquals(Object.keys(refused.errors as object), ["service_id"]);
    assertStringIncludes(String((refused.errors as Record<string, string>).service_id), "already");
    const group = await submit(platform, ADA, form.id, {
      ...registration("deploy-bot"),
      approver_usergroup: text("S0NOSUCH"),
    });
    assertStringIncludes(
      String((group.errors as Record<string, string>).approver_usergroup),
      "no such usergroup",
    );
    assertEquals(platform.storage.getRun(run)?.status, "running", "the form is still open");
    assertEquals(platform.storage.getItem("services", "deploy-bot"), undefined);

    const accepted = await submit(platform, ADA, form.id, registration("deploy-bot"));
    assertEquals(accepted.ok, true);
    await platform.engine.idle();
    assertEquals(await views(platform, ADA), []);
    assertEquals(platform.storage.getRun(run)?.status, "completed");
    assertEquals(platform.storage.getItem("services", "deploy-bot")?.created_by, ADA);
    assertStringIncludes(lastDm(platform, ADA), 'Registered bot `"deploy-bot"`');
    const events = platform.storage.scanItems("admin_events", 10).items;
    assertEquals(events.map((e) => e.result), ["invalid", "invalid", "applied"]);
  }));

Deno.test("edit form: the bot's values first; a cleared optional field and a change are saved", () =>
  withPlatform(async (platform) => {
    const { run, form } = await open(platform, ADA, "admin_edit_bot");
    const missing = await submit(platform, ADA, form.id, { service_id: text("ghost") });
    assertStringIncludes(
      String((missing.errors as Record<string, string>).service_id),
      'no bot is registered with id "ghost"',
    );
    assertEquals(
      (await submit(platform, ADA, form.id, { service_id: text(DEMO_SERVICE_ID) })).ok,
      true,
    );
    const [settings] = await views(platform, ADA);
    assertEquals(settings.id, form.id, "the same modal, updated in place");
    const initial = (id: string) =>
      settings.view.blocks.find((b) => b.block_id === id)?.element ?? {};
    const bot = platform.storage.getItem("services", DEMO_SERVICE_ID)!;
    assertEquals(initial("display_name").initial_value, bot.display_name);
    assertEquals(initial("approval_channel").initial_conversation, bot.approval_channel);

    // Send back what the form showed, with one change and the callback URL emptied.
    const values: Record<string, unknown> = {};
    for (const block of settings.view.blocks) {
      const e = block.element;
      if (!block.block_id || !e) continue;
      const type = String(e.type);
      values[block.block_id] = type === "users_select"
        ? { type, selected_user: e.initial_user }
        : type === "multi_users_select"
        ? { type, selected_users: e.initial_users ?? [] }
        : type === "conversations_select"
        ? { type, selected_conversation: e.initial_conversation }
        : type === "static_select"
        ? { type, selected_option: e.initial_option ?? null }
        : { type, value: e.initial_value ?? "" };
    }
    values.allowed_actions = text("deploy\nrollback");
    values.callback_url = text("");
    const saved = await submit(platform, ADA, form.id, values);
    assertEquals(saved.ok, true, JSON.stringify(saved));
    await platform.engine.idle();
    assertEquals(platform.storage.getRun(run)?.status, "completed");
    const after = platform.storage.getItem("services", DEMO_SERVICE_ID)!;
    assertEquals(after.allowed_actions, ["deploy", "rollback"]);
    assertEquals(after.callback_url, undefined);
    assertEquals(after.public_keys, bot.public_keys);
    const dm = lastDm(platform, ADA);
    assertStringIncludes(dm, "changed `allowed_actions`, `callback_url`");
    assert(!dm.includes("\u200b"), "names paste as typed: no zero-width spaces");
  }));

Deno.test("a non-admin's submission is refused in the modal and recorded; nothing changes", () =>
  withPlatform(async (platform) => {
    const oscar = DEMO_USERS.outsider.id;
    const { run, form } = await open(platform, oscar, "admin_register_bot");
    const refused = await submit(platform, oscar, form.id, registration("oscar-bot"));
    assertEquals(refused.ok, true);
    await platform.engine.idle();
    const [shown] = await views(platform, oscar);
    assertEquals(shown.view.title.text, "Not allowed");
    assertEquals(platform.storage.getRun(run)?.status, "completed");
    assertEquals(platform.storage.getItem("services", "oscar-bot"), undefined);
    const [event] = platform.storage.scanItems("admin_events", 10).items;
    assertEquals([event.result, event.actor], ["refused", oscar]);
    assertStringIncludes(lastDm(platform, oscar), "is not a Countersign admin");
  }));

Deno.test("closing a form ends its run; nothing is saved or recorded", () =>
  withPlatform(async (platform) => {
    const { run, form } = await open(platform, ADA, "admin_register_bot");
    assertEquals(
      (await post(platform, "/_local/views/close", { user: ADA, view_id: form.id })).ok,
      true,
    );
    await platform.engine.idle();
    assertEquals(platform.storage.getRun(run)?.status, "completed");
    assert(lastDm(platform, ADA).includes("Nothing was changed"));
    assertEquals(platform.storage.scanItems("admin_events", 10).items, []);
  }));

Deno.test("add-a-rule form: every problem under its field, a taken id too; then the rule is added", () =>
  withPlatform(async (platform) => {
    const { run, form } = await open(platform, ADA, "admin_add_policy");
    assertEquals(form.view.title.text, "Add a policy rule");
    const rule = (extra: Record<string, unknown>) => ({
      name: text("Deny deletes in prod"),
      action_pattern: text("delete*"),
      environment_pattern: text("production"),
      effect: { type: "static_select", selected_option: { value: "deny" } },
      ...extra,
    });
    const refused = await submit(
      platform,
      ADA,
      form.id,
      rule({
        policy_id: text("no spaces allowed"),
        approvals_required: { type: "number_input", value: "2" },
      }),
    );
    assertEquals(Object.keys(refused.errors as object).sort(), ["approvals_required", "policy_id"]);
    const existing = platform.storage.scanItems("policies", 100).items[0].id as string;
    const taken = await submit(platform, ADA, form.id, rule({ policy_id: text(existing) }));
    assertStringIncludes(String((taken.errors as Record<string, string>).policy_id), "is taken");
    assertEquals(platform.storage.getRun(run)?.status, "running");

    const added = await submit(
      platform,
      ADA,
      form.id,
      rule({
        position: { type: "number_input", value: "1" },
      }),
    );
    assertEquals(added.ok, true, JSON.stringify(added));
    await platform.engine.idle();
    assertEquals(platform.storage.getRun(run)?.status, "completed");
    const item = platform.storage.getItem("policies", "deny-deletes-in-prod");
    assertEquals([item?.effect, item?.position, item?.updated_by], ["deny", 10, ADA]);
    assertStringIncludes(lastDm(platform, ADA), "Added rule");
  }));
