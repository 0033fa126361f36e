/**
 * Process and storage faults of `deno task start` (run as a real child process):
 *
 * - SIGKILL mid-approval (one of two required approvals given) and a restart: every recorded
 *   decision and vote is still there, and the pending approval is still actionable.
 * - A read-only data folder: the platform refuses to start with a clear `error:` line and
 *   changes nothing. CI runs as root, for whom `chmod a-w` does not stop writes; the folder is
 *   made immutable with `chattr +i`, which binds root too (falls back to chmod for other users).
 * - A full disk: the data folder is a 4 MB tmpfs in a private mount namespace
 *   (`unshare --mount`), filled up while the platform runs. Requests then fail with a clear
 *   error, SQLite's transactions leave no partial record, and work resumes once space is free.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Policies } from "../datastores/policies.ts";
import { Services } from "../datastores/services.ts";
import { APPROVE_ACTION_ID } from "../functions/request_approval/constants.ts";
import { startPlatform } from "../local/server.ts";
import { openSqliteStorage } from "../local/storage/sqlite.ts";
import { demoFields, sign } from "./_support.ts";
import { datastoreItems, eventually, platformCommand, startProcess } from "./_process.ts";

type Item = Record<string, unknown>;

async function run(cmd: string, ...args: string[]): Promise<boolean> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** Prepares a data folder whose production requests need two approvals; returns demo info. */
async function prepare(dir: string) {
  const platform = await startPlatform({ port: 0, dataDir: dir, quiet: true });
  try {
    const demo = platform.demo!;
    const service = platform.storage.getItem(Services.name, demo.serviceId)!;
    platform.storage.putItem(Services.name, demo.serviceId, { ...service, approvals_required: 2 });
    const rule = platform.storage.getItem(Policies.name, "production")!;
    platform.storage.putItem(Policies.name, "production", { ...rule, approvals_required: 2 });
    return demo;
  } finally {
    await platform.close();
  }
}

/** A complete decision record: final ones carry outcome, reason and time; ids are well-formed. */
function assertComplete(record: Item): void {
  assertMatch(String(record.id), /^(rejected\|\S+|[^|]+\|[^|]+)$/);
  assert(record.status === "pending" || record.status === "final", JSON.stringify(record));
  assert(typeof record.request_id === "string" && record.request_id !== "");
  if (record.status === "final") {
    assert(typeof record.outcome === "string" && record.outcome !== "", JSON.stringify(record));
    assert(typeof record.reason_code === "string" && record.reason_code !== "");
    assert(typeof record.decided_at === "number" && record.decided_at > 0);
  } else {
    assert(typeof record.message_ts === "string", "a pending record points at its message");
  }
}

async function post(webhook: string, body: unknown): Promise<number> {
  const res = await fetch(webhook, { method: "POST", body: JSON.stringify(body) });
  await res.body?.cancel();
  return res.status;
}

Deno.test("faults: SIGKILL mid-approval, restart → nothing recorded is lost, approval still actionable", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign-kill-" });
  try {
    const demo = await prepare(dir);
    const key = await Deno.readTextFile(demo.privateKeyPath);
    // The same port before and after the restart: the in-flight request's callback URL (the
    // demo receiver on this server) was fixed when it was verified, as on Slack.
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const proc = await startProcess(["--port", String(port), "--data", dir]);
    const users = demo.users;
    const fakePlatform = { demo } as Parameters<typeof demoFields>[0];
    const autos = [];
    for (let i = 0; i < 5; i++) autos.push(await sign(demoFields(fakePlatform, "auto"), key));
    const human = await sign(demoFields(fakePlatform, "human"), key);
    for (const body of [...autos, human]) assertEquals(await post(proc.webhook, body), 200);
    const humanId = `${human.service_id}|${human.request_id}`;
    const before = await eventually("5 decisions and a pending approval", async () => {
      const items = await datastoreItems(proc.url, "decisions");
      // Final and called back: notify_caller's update is the last write of a decision.
      const done = items.filter((d) => d.status === "final" && d.callback_status === "delivered")
            .length === 5 &&
        items.some((d) => d.id === humanId && d.message_ts);
      return done ? items : undefined;
    });
    const pending = before.find((d) => d.id === humanId)!;
    const ts = String(pending.message_ts), channel = String(pending.message_channel);
    const clickAs = async (url: string, user: string) => {
      const res = await fetch(`${url}/_local/messages?channel=${channel}&as=${user}`);
      const { messages } = await res.json() as { messages: { ts: string; blocks: unknown[] }[] };
      const message = messages.find((m) => m.ts === ts)!;
      const blockId =
        (message.blocks as { block_id?: string; elements?: { action_id?: string }[] }[])
          .find((b) => b.elements?.some((e) => e.action_id === APPROVE_ACTION_ID))?.block_id;
      const answer = await fetch(`${url}/_local/actions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          user,
          channel,
          message_ts: ts,
          action_id: APPROVE_ACTION_ID,
          block_id: blockId,
          value: "approve",
        }),
      });
      return await answer.json();
    };
    assertEquals((await clickAs(proc.url, users.approver1)).ok, true);
    const votes = await eventually("the first approval's vote", async () => {
      const items = await datastoreItems(proc.url, "approval_votes");
      return items.some((v) => v.decision_id === humanId) ? items : undefined;
    });

    proc.child.kill("SIGKILL");
    assert((await proc.exited()) !== 0, "killed");

    const platform = await startPlatform({ port, dataDir: dir, quiet: true });
    try {
      const after = await datastoreItems(platform.url, "decisions");
      for (const record of before) {
        const now = after.find((d) => d.id === record.id);
        assertEquals(now, record, `decision ${record.id} survived unchanged`);
      }
      const votesAfter = await datastoreItems(platform.url, "approval_votes");
      assertEquals(votesAfter, votes, "the vote survived");
      // The second approver completes the approval after the restart.
      assertEquals((await clickAs(platform.url, users.approver2)).ok, true);
      await platform.engine.idle();
      const decided = platform.storage.getItem("decisions", humanId)!;
      assertEquals([decided.status, decided.outcome], ["final", "approved"]);
      assertEquals(
        new Set(decided.decided_by as string[]),
        new Set([users.approver1, users.approver2]),
      );
      const runs = platform.storage.listRuns(100);
      assertEquals(runs.filter((r) => r.status !== "completed").length, 0, "every run finished");
      assertEquals(decided.callback_status, "delivered");
    } finally {
      await platform.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Integrity and every decision of a copied database, read through the platform's storage. */
function readDecisions(dbPath: string): { integrity: string; items: Item[] } {
  const db = new DatabaseSync(dbPath);
  const integrity = String((db.prepare("PRAGMA integrity_check").get() as Item).integrity_check);
  db.close();
  const storage = openSqliteStorage(dbPath);
  try {
    const items: Item[] = [];
    let cursor: string | undefined;
    do {
      const page = storage.scanItems("decisions", 1000, cursor);
      items.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return { integrity, items };
  } finally {
    storage.close();
  }
}

Deno.test("faults: a read-only data folder → a clear error at start, nothing changed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "countersign-ro-" });
  let locked: "chattr" | "chmod" | undefined;
  try {
    await prepare(dir);
    const dbPath = join(dir, "platform.db");
    const before = await Deno.readFile(dbPath);
    const files = [...Deno.readDirSync(dir)].map((e) => join(dir, e.name));
    if (await run("chattr", "+i", ...files, dir)) locked = "chattr";
    else if (Deno.uid() !== 0) {
      for (const f of [...files, dir]) await Deno.chmod(f, 0o555);
      locked = "chmod";
    }
    if (!locked) {
      console.warn("skipped: neither chattr +i nor chmod can make the folder read-only here");
      return;
    }
    const out = await platformCommand(["--port", "0", "--data", dir]).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assertEquals(out.code, 1, stderr);
    assertMatch(
      stderr,
      /^error: Cannot start platform: .*(read-only|readonly|permission|not permitted)/im,
    );
    assert(!/^\s+at /m.test(stderr), "no stack trace without --debug");
    assertEquals(await Deno.readFile(dbPath), before, "the database is untouched");
  } finally {
    if (locked === "chattr") await run("chattr", "-R", "-i", dir);
    if (locked === "chmod") await run("chmod", "-R", "u+w", dir);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("faults: a full disk → clear errors, no partial records, recovery once space is free", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "countersign-full-" });
  if (!await run("unshare", "--mount", "--propagation", "private", "true")) {
    console.warn("skipped: unshare --mount is not permitted here (needs root / CAP_SYS_ADMIN)");
    await Deno.remove(dir);
    return;
  }
  // A private mount namespace: the 4 MB tmpfs exists only for the platform process.
  const proc = await startProcess(["--port", "0", "--data", dir], (argv) => [
    "unshare",
    "--mount",
    "--propagation",
    "private",
    "sh",
    "-c",
    'mount -t tmpfs -o size=4m tmpfs "$0" && exec "$@"',
    dir,
    ...argv,
  ]);
  // The process's view of its own mounts (same pid after `exec`).
  const inside = `/proc/${proc.child.pid}/root${dir}`;
  const statuses: number[] = [];
  const refused: string[] = [];
  try {
    const key = await Deno.readTextFile(join(inside, "demo-ci.key"));
    const fake = {
      demo: {
        serviceId: "demo-ci",
        keyId: "demo-ci-1",
        users: { engineer: "U0ENG00001" },
      },
    } as unknown as Parameters<typeof demoFields>[0];
    const send = async () => {
      const body = await sign(demoFields(fake, "auto"), key);
      statuses.push(await post(proc.webhook, body));
      return `${body.service_id}|${body.request_id}`;
    };
    const decided = async (id: string) =>
      await eventually(`decision ${id}`, async () => {
        const items = await datastoreItems(proc.url, "decisions");
        return items.find((d) => d.id === id && d.status === "final");
      });

    await t.step("before: requests are decided", async () => {
      await decided(await send());
    });

    await t.step("full: requests fail with a clear error, nothing half-written", async () => {
      const filler = await Deno.open(join(inside, "filler"), { write: true, create: true });
      const chunk = new Uint8Array(64 * 1024);
      try {
        while (true) await filler.write(chunk);
      } catch (error) {
        assert(
          /no space|ENOSPC|os error 28/i.test((error as Error).message),
          (error as Error).message,
        );
      } finally {
        filler.close();
      }
      // Six requests: with the one before and the one after, within the webhook's 10 per minute.
      for (let i = 0; i < 6; i++) refused.push(await send());
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert(
        statuses.some((s) => s === 500) || /database or disk is full/.test(proc.output()),
        `the full disk showed: statuses ${statuses.join(",")}`,
      );
      assertMatch(proc.output(), /database or disk is full/);
      assert(!/^\s+at /m.test(proc.output()), "errors are one line, no stack");
    });

    await t.step("space freed: new requests are decided again", async () => {
      await Deno.remove(join(inside, "filler"));
      await decided(await send());
    });

    await t.step("the database is intact and every record complete", async () => {
      const copy = await Deno.makeTempDir({ prefix: "countersign-full-copy-" });
      try {
        for (const name of ["platform.db", "platform.db-wal", "platform.db-shm"]) {
          await Deno.copyFile(join(inside, name), join(copy, name)).catch(() => {});
        }
        const { integrity, items } = readDecisions(join(copy, "platform.db"));
        assertEquals(integrity, "ok");
        assert(items.length >= 2);
        for (const record of items) assertComplete(record);
        // A request refused with 500 (the caller retries it) left no record at all.
        const failed = refused.filter((_, i) => statuses[i + 1] === 500);
        assert(failed.length > 0);
        for (const id of failed) assertEquals(items.find((d) => d.id === id), undefined, id);
      } finally {
        await Deno.remove(copy, { recursive: true });
      }
    });
  } finally {
    proc.child.kill("SIGTERM");
    await proc.exited();
    await Deno.remove(dir, { recursive: true });
  }
});
