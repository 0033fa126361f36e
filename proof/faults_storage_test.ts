/**
 * Storage faults of `deno task start` (a real child process):
 *
 * - A read-only data folder: the platform refuses to start with a clear `error:` line and
 *   changes nothing. CI runs as root, for whom `chmod a-w` does not stop writes; the folder is
 *   made immutable with `chattr +i`, which binds root too (falls back to chmod for other users).
 * - A full disk: the data folder is a 4 MB tmpfs in a private mount namespace
 *   (`unshare --mount`), filled up while the platform runs. Requests then fail with a clear
 *   error, SQLite's transactions leave no partial record, and work resumes once space is free.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { join } from "node:path";
import { demoFields, sign } from "./_testing.ts";
import { datastoreItems, eventually, platformCommand, startProcess } from "./_process.ts";
import { assertComplete, post, prepare, readDecisions, run } from "./_faults.ts";

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
      // Until one is refused, at most seven: with the one before and the one after, within the
      // webhook's 10 per minute. A small commit can still fit in the WAL file's existing length
      // (SQLite rewinds it after a checkpoint), so the first requests may be accepted; their
      // runs' later writes then fail and use up what was left. The pause lets them.
      for (let i = 0; i < 7 && !statuses.includes(500); i++) {
        refused.push(await send());
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
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
        assert(failed.length > 0, `no request was refused: statuses ${statuses.join(",")}`);
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
